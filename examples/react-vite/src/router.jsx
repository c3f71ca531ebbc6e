// A minimal router: the path is the page, `?flow=` belongs to the page.
import { useSyncExternalStore } from 'react';

export function navigate(to) {
  history.pushState(null, '', to);
  window.dispatchEvent(new PopStateEvent('popstate'));
}

const subscribe = (cb) => {
  window.addEventListener('popstate', cb);
  return () => window.removeEventListener('popstate', cb);
};

export function usePathname() {
  return useSyncExternalStore(subscribe, () => location.pathname);
}

export function Link({ to, children, ...rest }) {
  return (
    <a href={to} onClick={(e) => { e.preventDefault(); navigate(to); }} {...rest}>
      {children}
    </a>
  );
}
