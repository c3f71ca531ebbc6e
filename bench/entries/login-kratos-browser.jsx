// A login page with kratos-browser's flow component (React): creates the flow, renders every node, submits.
import { createRoot } from 'react-dom/client';
import { KratosClient } from 'kratos-browser';
import { KratosFlow, KratosProvider } from 'kratos-browser/react';
import 'kratos-browser/style.css';

const kratos = new KratosClient({ baseUrl: 'http://localhost:4433' });
createRoot(document.getElementById('root')).render(
  <KratosProvider client={kratos}>
    <KratosFlow kind="login" onSuccess={() => location.assign('/')} />
  </KratosProvider>,
);
