//! Redirect safety: only http(s) to Kratos', the page's or listed origins.

use kratos_browser::config::{Config, Settings};
use kratos_browser::redirect::{check_redirect, origin_of};
use kratos_browser::{Error, ErrorKind};

fn settings() -> Settings {
    let mut c = Config::new("http://localhost:4433/");
    c.allowed_redirect_origins = vec!["https://idp.example.com".into()];
    Settings::new::<()>(c).unwrap()
}

fn check(url: &str) -> Result<String, Error<()>> {
    check_redirect(url, &settings(), Some("http://localhost:5173"))
}

#[test]
fn redirect_allows_kratos_page_and_listed_origins() {
    assert!(check("http://localhost:4433/self-service/login/browser?aal=aal2").is_ok());
    assert!(check("http://localhost:5173/settings?flow=x").is_ok());
    assert!(check("https://idp.example.com/authorize?x=1").is_ok());
    assert!(check("https://IDP.example.com:443/authorize").is_ok());
    assert_eq!(check("/settings").unwrap(), "http://localhost:5173/settings");
}

#[test]
fn redirect_refuses_unsafe_targets() {
    for url in [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "https://evil.example.com/",
        "//evil.example.com/",
        "http://localhost:4433@evil.example.com/",
        "http://evil.example.com\\@localhost:4433/",
        "http://localhost:9999/",
        "ftp://localhost:4433/",
        "",
    ] {
        let e = check(url).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::UnsafeRedirect, "{url}");
    }
}

#[test]
fn origin_of_normalises() {
    assert_eq!(origin_of("HTTPS://Example.com:443/x").as_deref(), Some("https://example.com"));
    assert_eq!(origin_of("http://localhost:4433").as_deref(), Some("http://localhost:4433"));
    assert_eq!(origin_of("mailto:a@b"), None);
}

#[test]
fn settings_reject_bad_base_urls() {
    for bad in ["", "localhost:4433", "javascript:x", "http://", "http://a/?q=1"] {
        assert!(Settings::new::<()>(Config::new(bad)).is_err(), "{bad}");
    }
    assert_eq!(Settings::new::<()>(Config::new("https://x.com/api/kratos/public/")).unwrap().base_url, "https://x.com/api/kratos/public");
}

#[test]
fn origin_of_refuses_what_a_browser_cannot_parse() {
    // Two ports: `new URL('http://host:1234:80/x')` throws, so nothing may navigate there.
    for bad in ["http://host:1234:80/x", "http://host:port/", "http://host:99999/", "http://[::1/", "http://[zz]/", "http://a b/"] {
        assert_eq!(origin_of(bad), None, "{bad}");
    }
    assert_eq!(origin_of("http://[::1]:4433/x").as_deref(), Some("http://[::1]:4433"));
    assert_eq!(origin_of("http://localhost:080/").as_deref(), Some("http://localhost"));
    assert_eq!(origin_of("http://localhost:/").as_deref(), Some("http://localhost"));
    assert_eq!(check("http://localhost:4433:80/x").unwrap_err().kind(), ErrorKind::UnsafeRedirect);
}
