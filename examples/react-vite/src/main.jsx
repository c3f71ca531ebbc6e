import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { KratosProvider } from 'kratos-browser/react';
import 'kratos-browser/style.css';
import { kratos } from './kratos.js';
import { App } from './App.jsx';

createRoot(document.getElementById('root')).render(
  <StrictMode>
    <KratosProvider client={kratos}>
      <App />
    </KratosProvider>
  </StrictMode>,
);
