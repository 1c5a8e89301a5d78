/**
 * Agreement with CalculiX in every run, with or without `ccx` installed (issue 9): each phantom
 * whose CalculiX 2.20 direct (SPOOLES) solution is stored in test/fe/reference/ is rebuilt from its
 * stored spec, checked to be the very same voxels and mesh, solved by our compiled CLI (what
 * ships, like the benchmarks) and compared within issue 4's 0.1 %. The references are written by
 * `node --import tsx test/bench/fe-calculix.bench.ts --write-reference` (docs/fe.md).
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { cylinderPhantom } from "../../server/fe/phantom";
import { runOurs, writeCase } from "../bench/fe-common";
import {
  AGREEMENT_TOLERANCE,
  REFERENCE_PHANTOMS,
  readReference,
  referencePath,
  voxelFingerprint,
} from "./calculixReference";

const work = mkdtempSync(path.join(tmpdir(), "fe-calculix-reference-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe("agreement with CalculiX's stored direct solutions", () => {
  for (const { name } of REFERENCE_PHANTOMS) {
    it(`${name}: the same mesh CalculiX solved, reaction within 0.1 % of SPOOLES`, async () => {
      const reference = readReference(referencePath(name));
      expect(reference.name).toBe(name);
      const grid = cylinderPhantom(reference.phantom);
      // Equal dof alone could hide a different mesh: the voxels themselves must be the same.
      expect(voxelFingerprint(grid), "rebuilt voxels differ from those CalculiX solved").toBe(
        reference.mesh.voxels_sha256,
      );

      const ours = await runOurs(writeCase(work, name, grid, reference.load_case));

      expect(ours.dof, "dof of our mesh vs the stored CalculiX mesh").toBe(reference.mesh.dof);
      expect(ours.nodes).toBe(reference.mesh.nodes);
      expect(ours.elements).toBe(reference.mesh.elements);
      // Free dof = dof − one z constraint per bottom and top node − three rigid-body pins.
      expect(ours.free_dof).toBe(
        reference.mesh.dof - reference.mesh.bottom_nodes - reference.mesh.top_nodes - 3,
      );
      expect(ours.converged).toBe(true);
      const expected = reference.calculix.reaction_force_N;
      const difference = Math.abs(ours.reaction_force_N - expected) / expected;
      expect(
        difference,
        `${name}: ours ${ours.reaction_force_N} N, CalculiX SPOOLES ${expected} N`,
      ).toBeLessThanOrEqual(AGREEMENT_TOLERANCE);
    });
  }
});

describe("the stored references are read strictly", () => {
  it("fails on a missing reference file and says how to regenerate it", () => {
    expect(() => readReference(path.join(work, "calculix-phantom-0k.json"))).toThrow(
      /missing or not JSON.*--write-reference/,
    );
  });

  it("fails on a reference whose CalculiX reaction is not a positive number, naming the field", () => {
    const stored = readReference(referencePath(REFERENCE_PHANTOMS[0].name));
    const file = path.join(work, "malformed.json");
    writeFileSync(
      file,
      JSON.stringify({ ...stored, calculix: { ...stored.calculix, reaction_force_N: "18594" } }),
    );
    expect(() => readReference(file)).toThrow(/malformed: "calculix\.reaction_force_N"/);
  });

  it("fails on a reference without the phantom spec the test rebuilds", () => {
    const { phantom: _dropped, ...stored } = readReference(
      referencePath(REFERENCE_PHANTOMS[0].name),
    );
    const file = path.join(work, "no-phantom.json");
    writeFileSync(file, JSON.stringify(stored));
    expect(() => readReference(file)).toThrow(/malformed: "phantom"/);
  });
});
