// Baseline: React + react-dom rendering a static login form (what every React login page pays anyway).
import { createRoot } from 'react-dom/client';

function Login() {
  return (
    <form>
      <label>Email <input name="identifier" autoComplete="username" /></label>
      <label>Password <input name="password" type="password" autoComplete="current-password" /></label>
      <button type="submit">Sign in</button>
    </form>
  );
}
createRoot(document.getElementById('root')).render(<Login />);
