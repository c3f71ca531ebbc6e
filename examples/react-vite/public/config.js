// Kratos' public URL. Replace this file when deploying (the e2e tests serve their own).
window.KRATOS_PUBLIC_URL = window.KRATOS_PUBLIC_URL || 'http://localhost:4433';
