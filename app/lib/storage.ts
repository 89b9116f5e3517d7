"use client";
// What the browser remembers between visits, in localStorage: the instructor's key, host tokens of sessions
// this browser created, and each session's student token. Nothing here is trusted by the server beyond a token.

const KEYS = {
  instructorKey: "downhill:instructorKey",
  host: (code: string) => `downhill:host:${code}`,
  student: (code: string) => `downhill:student:${code}`,
  run: (code: string) => `downhill:run:${code}`,
};

function read(key: string): string | null {
  try {
    return window.localStorage.getItem(key);
  } catch {
    return null;
  }
}

function write(key: string, value: string | null): void {
  try {
    if (value === null) window.localStorage.removeItem(key);
    else window.localStorage.setItem(key, value);
  } catch {
    // Private browsing can refuse storage; the page still works, it just cannot resume after a reload.
  }
}

export const storage = {
  instructorKey: () => read(KEYS.instructorKey),
  setInstructorKey: (key: string) => write(KEYS.instructorKey, key),
  hostToken: (code: string) => read(KEYS.host(code)),
  setHostToken: (code: string, token: string) => write(KEYS.host(code), token),
  studentToken: (code: string) => read(KEYS.student(code)),
  setStudentToken: (code: string, token: string | null) => write(KEYS.student(code), token),
  /** A JSON checkpoint of the student's unfinished run (see app/play). */
  runCheckpoint: (code: string) => read(KEYS.run(code)),
  setRunCheckpoint: (code: string, json: string | null) => write(KEYS.run(code), json),
};
