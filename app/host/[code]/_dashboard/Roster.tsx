"use client";
// Every student with their live status and connection, and a Kick button that asks first.
import { memo } from "react";
import type { RosterStudent, RosterView, StudentStatus } from "@downhill/core";
import { formatLoss } from "../../../components/class/format.ts";
import { Button } from "../../../components/ui/Button.tsx";

const STATUS_LABELS: Record<StudentStatus, string> = {
  idle: "idle",
  running: "running",
  verified: "verified",
  diverged: "diverged",
  rejected: "rejected",
};

interface RowProps {
  readonly student: RosterStudent;
  readonly onKick: (student: RosterStudent) => void;
}

/** True when two rows look the same: every broadcast sends fresh objects, and most rows have not changed. */
function sameRow(a: RowProps, b: RowProps): boolean {
  const x = a.student;
  const y = b.student;
  return (
    a.onKick === b.onKick &&
    x.studentId === y.studentId &&
    x.name === y.name &&
    x.status === y.status &&
    x.connected === y.connected &&
    x.kicked === y.kicked &&
    x.runs === y.runs &&
    x.bestLoss === y.bestLoss
  );
}

const Row = memo(function Row({ student, onKick }: RowProps) {
  return (
    <tr
      data-testid="roster-row"
      data-student-id={student.studentId}
      className={student.kicked ? "is-kicked" : undefined}
    >
      <th scope="row">
        <span
          className={`dot ${student.connected ? "dot--on" : "dot--off"}`}
          role="img"
          aria-label={student.connected ? "connected" : "disconnected"}
        />
        {student.name}
      </th>
      <td>
        <span className={`pill pill--${student.kicked ? "kicked" : student.status}`}>
          {student.kicked ? "removed" : STATUS_LABELS[student.status]}
        </span>
      </td>
      <td className="num">{student.runs}</td>
      <td className="num">{formatLoss(student.bestLoss)}</td>
      <td>
        <Button
          variant="danger"
          className="btn--small"
          data-testid={`kick-${student.studentId}`}
          disabled={student.kicked}
          aria-label={`Remove ${student.name} from the session`}
          onClick={() => onKick(student)}
        >
          Kick
        </Button>
      </td>
    </tr>
  );
}, sameRow);

export function Roster({ roster, onKick }: { roster: RosterView | null; onKick: (student: RosterStudent) => void }) {
  const students = roster?.students ?? [];
  if (students.length === 0) return <p className="empty">Nobody has joined yet.</p>;
  return (
    <div className="table-scroll roster">
      <table className="table">
        <thead>
          <tr>
            <th scope="col">Student</th>
            <th scope="col">Status</th>
            <th scope="col" className="num">
              Runs
            </th>
            <th scope="col" className="num">
              Best loss
            </th>
            <th scope="col">
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {students.map((student) => (
            <Row key={student.studentId} student={student} onKick={onKick} />
          ))}
        </tbody>
      </table>
    </div>
  );
}
