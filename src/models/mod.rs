//! Serde types of Kratos' wire JSON. Field names are the wire names; every enum keeps unknown
//! values, so a newer Kratos decodes instead of failing.

mod continue_with;
mod error_body;
mod flow;
mod logout;
mod session;
mod string_enum;
mod success;
mod ui;
mod update;
mod value;

pub use continue_with::{ContinueWith, ContinueWithFlow};
pub use error_body::{ErrorEnvelope, FlowError, GenericError};
pub use flow::{Aal, FlowState, FlowType, LoginFlow, RecoveryFlow, RegistrationFlow, SettingsFlow, VerificationFlow};
pub use logout::LogoutFlow;
pub use session::{AuthenticationMethod, Device, Identity, RecoveryAddress, Session, VerifiableAddress};
pub use success::{SuccessfulLogin, SuccessfulRegistration};
pub use ui::{
    AnchorAttributes, DivisionAttributes, ImageAttributes, InputAttributes, ScriptAttributes, TextAttributes, UiContainer, UiNode,
    UiNodeAttributes, UiNodeGroup, UiNodeMeta, UiNodeType, UiText, UiTextType,
};
pub use update::{
    AddressMethod, LoginMethod, LookupSecretAction, OidcProvider, RegistrationMethod, SettingsMethod, UpdateBody, UpdateLoginFlowBody,
    UpdateRecoveryFlowBody, UpdateRegistrationFlowBody, UpdateSettingsFlowBody, UpdateVerificationFlowBody,
};
pub use value::Value;
