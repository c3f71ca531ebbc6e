// A minimal router: the path is the page, `?flow=` belongs to the page.
import { readable } from 'svelte/store';

export function navigate(to) {
  history.pushState(null, '', to);
  window.dispatchEvent(new PopStateEvent('popstate'));
}

export const pathname = readable(location.pathname, (set) => {
  const update = () => set(location.pathname);
  window.addEventListener('popstate', update);
  return () => window.removeEventListener('popstate', update);
});

/** `<a href="/x" use:link>`: navigate without a reload. */
export function link(node) {
  const click = (e) => {
    e.preventDefault();
    navigate(node.getAttribute('href'));
  };
  node.addEventListener('click', click);
  return { destroy: () => node.removeEventListener('click', click) };
}
