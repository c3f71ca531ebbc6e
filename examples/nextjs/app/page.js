// A Server Component rendering a Client Component that uses kratos-browser. During `next build` the client
// component is prerendered in Node: importing kratos-browser there is safe (it touches no browser global).
import { Session } from './session.js';

export default function Page() {
  return (
    <main>
      <h1>kratos-browser · Next.js</h1>
      <Session />
    </main>
  );
}
