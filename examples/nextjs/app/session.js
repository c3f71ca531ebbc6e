'use client';
import { useEffect, useState } from 'react';
import { KratosClient, init, isReady } from 'kratos-browser';
import { KratosProvider, useSession } from 'kratos-browser/react';

// Creating the client touches nothing; the wasm module loads on first use, in the browser.
const kratos = new KratosClient({ baseUrl: process.env.NEXT_PUBLIC_KRATOS_PUBLIC_URL ?? 'http://localhost:4433' });

function Status() {
  const { status, session } = useSession();
  const [ready, setReady] = useState(false);
  useEffect(() => {
    init().then(() => setReady(isReady()));
  }, []);
  return (
    <p id="status" data-status={status} data-wasm-ready={String(ready)}>
      {status === 'signedIn' ? `Signed in as ${session.identity?.traits?.email}` : status === 'signedOut' ? 'Not signed in' : 'Checking your session…'}
    </p>
  );
}

export function Session() {
  return (
    <KratosProvider client={kratos}>
      <Status />
    </KratosProvider>
  );
}
