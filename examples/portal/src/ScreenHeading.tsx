import { useEffect, useRef, type ReactNode } from 'react';

/** The page as first loaded keeps focus where the browser puts it; every later screen takes it. */
let firstScreen = true;

interface ScreenHeadingProps {
  /** The screen's name, first in the document title ("Việc cần xử lý — Thành đoàn Đà Nẵng"). */
  title: string;
  site: string;
  children?: ReactNode;
}

/**
 * Each screen's `<h1>`. When the portal changes screens (a route, signing in or out), the
 * document's title says where the officer is and focus moves to this heading: a screen reader
 * reads it, and the next Tab starts in the new screen — not at the top of the page again.
 */
export function ScreenHeading({ title, site, children }: ScreenHeadingProps) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${title} — ${site}`;
  }, [title, site]);
  useEffect(() => {
    if (firstScreen) {
      firstScreen = false;
      return;
    }
    heading.current?.focus();
  }, []);
  return (
    <h1 ref={heading} tabIndex={-1} className="portal-screen-title">
      {children ?? title}
    </h1>
  );
}
