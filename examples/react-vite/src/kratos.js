import { KratosClient } from 'kratos-browser';
import { navigate } from './router.jsx';

// One client for the whole app. Kratos must be on the same site as the app and allow its origin (CORS).
export const kratos = new KratosClient({
  baseUrl: window.KRATOS_PUBLIC_URL ?? import.meta.env.VITE_KRATOS_PUBLIC_URL ?? 'http://localhost:4433',
  // Kratos asks for a navigation (HTTP 422), e.g. a recovery code was accepted → settings: stay in the SPA
  // for our own pages, navigate for everything else (Kratos, OIDC providers).
  onRedirect: (url) => {
    const u = new URL(url);
    if (u.origin === location.origin) navigate(u.pathname + u.search);
    else location.assign(url);
  },
});
