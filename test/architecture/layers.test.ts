// The layer rules (test/architecture/layers.cjs) catch the arrows docs/architecture.md forbids:
// a small tree with one violation of each kind is cruised with the project's own rules, and every
// violation must be reported with its arrow. `npm run lint:layers` applies the same rules to the
// real tree in `npm test`.
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const ROOT = resolve(import.meta.dirname, "../..");
const DEPCRUISE = join(ROOT, "node_modules/dependency-cruiser/bin/dependency-cruise.mjs");

let tree: string;

function file(path: string, text: string) {
  const full = join(tree, path);
  mkdirSync(dirname(full), { recursive: true });
  writeFileSync(full, text);
}

function cruise(): { status: number; output: string } {
  try {
    const output = execFileSync(
      process.execPath,
      [DEPCRUISE, "--config", "layers.cjs", "--output-type", "err", "app", "server", "db"],
      { cwd: tree, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] },
    );
    return { status: 0, output };
  } catch (e) {
    const err = e as { status: number; stdout: string; stderr: string };
    return { status: err.status, output: `${err.stdout}${err.stderr}` };
  }
}

beforeAll(() => {
  tree = mkdtempSync(join(tmpdir(), "osteoboard-layers-"));
  copyFileSync(join(ROOT, "test/architecture/layers.cjs"), join(tree, "layers.cjs"));
  file("tsconfig.json", JSON.stringify({ compilerOptions: { baseUrl: ".", jsx: "react-jsx" } }));
  // A clean skeleton of the layers…
  file("app/domain/scores.ts", "export const mirelsScore = () => 9;\n");
  file(
    "db/patients.ts",
    'import { mirelsScore } from "../app/domain/scores";\nexport const q = mirelsScore;\n',
  );
  file(
    "server/usecases/patients.ts",
    'import { q } from "../../db/patients";\nexport const uc = q;\n',
  );
  file("app/usecases.server.ts", 'export * from "../server/usecases/patients";\n');
  file("app/components/Card.tsx", "export const Card = () => null;\n");
  file(
    "app/routes/ok.tsx",
    'import { uc } from "../usecases.server";\nexport const loader = uc;\n',
  );
});

afterAll(() => rmSync(tree, { recursive: true, force: true }));

describe("layer rules", () => {
  it("accept a tree whose arrows point one way", () => {
    const run = cruise();
    expect(run.output).toContain("no dependency violations");
    expect(run.status).toBe(0);
  });

  describe("a tree with one violation of each kind", () => {
    let run: { status: number; output: string };
    beforeAll(() => {
      file(
        "app/routes/bad.tsx",
        'import { q } from "../../db/patients";\nexport const loader = q;\n',
      );
      file(
        "server/render.ts",
        'import { Card } from "../app/components/Card";\nexport const c = Card;\n',
      );
      file("server/a.ts", 'import { b } from "./b";\nexport const a = () => b;\n');
      file("server/b.ts", 'import { a } from "./a";\nexport const b = () => a;\n');
      file("app/domain/impure.ts", 'import { q } from "../../db/patients";\nexport const x = q;\n');
      file("db/up.ts", 'import { uc } from "../server/usecases/patients";\nexport const x = uc;\n');
      run = cruise();
    });

    it("fails the run", () => {
      expect(run.status).not.toBe(0);
    });

    it.each([
      [
        "a route importing db/",
        /app-reaches-the-server-through-one-door: app\/routes\/bad\.tsx → db\/patients\.ts/,
      ],
      [
        "server code importing a React component",
        /server-never-imports-the-app: server\/render\.ts → app\/components\/Card\.tsx/,
      ],
      ["a cycle between files", /no-cycles: server\/(a|b)\.ts →/],
      [
        "a kernel file reading the database",
        /kernel-is-pure: app\/domain\/impure\.ts → db\/patients\.ts/,
      ],
      [
        "db/ importing a use case",
        /db-is-below-use-cases: db\/up\.ts → server\/usecases\/patients\.ts/,
      ],
    ])("names the arrow of %s", (_what, arrow) => {
      expect(run.output).toMatch(arrow);
    });
  });
});
