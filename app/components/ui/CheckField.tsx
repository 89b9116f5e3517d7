// A checkbox or radio button with its label beside it, the label tied to the control with htmlFor/id.
import type { ReactNode } from "react";

export function CheckField({
  id,
  type = "checkbox",
  name,
  checked,
  disabled,
  describedBy,
  onChange,
  children,
}: {
  id: string;
  type?: "checkbox" | "radio";
  /** The radio group's name. */
  name?: string;
  checked: boolean;
  disabled?: boolean;
  /** The id of a hint that says more about this choice. */
  describedBy?: string;
  onChange: (checked: boolean) => void;
  /** The label. */
  children: ReactNode;
}) {
  return (
    <div className="field field--check">
      <input
        id={id}
        type={type}
        name={name}
        disabled={disabled}
        aria-describedby={describedBy}
        checked={checked}
        onChange={(e) => onChange(e.target.checked)}
      />
      <label htmlFor={id}>{children}</label>
    </div>
  );
}
