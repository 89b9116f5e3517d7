// A titled section of a page, with a real heading so the page outline reads well.
import type { ReactNode } from "react";

export function Panel({
  title,
  level = 2,
  actions,
  className,
  children,
  id,
}: {
  title: ReactNode;
  level?: 2 | 3;
  actions?: ReactNode;
  className?: string;
  children: ReactNode;
  id?: string;
}) {
  const Heading = level === 2 ? "h2" : "h3";
  const headingId = id ? `${id}-title` : undefined;
  return (
    <section className={`panel ${className ?? ""}`} aria-labelledby={headingId} id={id}>
      <div className="panel__head">
        <Heading className="panel__title" id={headingId}>
          {title}
        </Heading>
        {actions ? <div className="panel__actions">{actions}</div> : null}
      </div>
      {children}
    </section>
  );
}
