// Runtime configuration: set Kratos' public URL here when deploying, so one build runs against any Kratos.
// Left unset, the app uses VITE_KRATOS_PUBLIC_URL from the build environment, else http://localhost:4433.
// window.KRATOS_PUBLIC_URL = 'https://auth.example.com';
