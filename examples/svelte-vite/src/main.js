import { mount } from 'svelte';
import 'kratos-browser/style.css';
import App from './App.svelte';

export default mount(App, { target: document.getElementById('app') });
