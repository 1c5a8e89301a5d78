/**
 * The CalculiX export (no CalculiX needed): C3D8 node order, one element set and material per
 * modulus, the issue-4 boundary conditions, and reading the total reaction from a .dat file.
 */
import { describe, expect, it } from "vitest";
import { axialCompression, rigidBodyPins } from "../../server/fe/boundary";
import { calculixDeck, parseTotalReaction } from "../../server/fe/calculix";
import { buildLevel } from "../../server/fe/grid";

describe("CalculiX deck", () => {
  const modulus = Float32Array.from([1000, 17000]);
  const mesh = buildLevel({ nx: 2, ny: 1, nz: 1, spacing: [0.5, 1, 2], modulus });
  const { bottom, top } = axialCompression(mesh, -0.36);
  const deck = calculixDeck({
    mesh,
    poisson: 0.3,
    bottom,
    top,
    pins: rigidBodyPins(mesh),
    displacementMm: -0.36,
    solver: "ITERATIVE CHOLESKY",
  });

  it("writes nodes in mm and C3D8 bricks with bottom then top faces counter-clockwise", () => {
    expect(deck).toContain("*NODE, NSET=NALL\n1, 0, 0, 0\n2, 0.5, 0, 0\n3, 1, 0, 0\n4, 0, 1, 0");
    // Element 1: nodes (0,0,0) (1,0,0) (1,1,0) (0,1,0) then the same at z = 2 mm.
    expect(deck).toContain("*ELEMENT, TYPE=C3D8, ELSET=E1\n1, 1, 2, 5, 4, 7, 8, 11, 10");
  });

  it("groups elements by modulus into sets with their own material", () => {
    expect(deck).toContain("*ELEMENT, TYPE=C3D8, ELSET=E2\n2, ");
    expect(deck).toContain("*MATERIAL, NAME=M1\n*ELASTIC\n1000, 0.3");
    expect(deck).toContain("*MATERIAL, NAME=M2\n*ELASTIC\n17000, 0.3");
    expect(deck).toContain("*SOLID SECTION, ELSET=E2, MATERIAL=M2");
  });

  it("fixes the bottom in z, displaces the top and pins three rigid-body dofs", () => {
    expect(deck).toContain("*STATIC, SOLVER=ITERATIVE CHOLESKY");
    expect(deck).toContain("NBOTTOM, 3, 3, 0.\nNTOP, 3, 3, -0.36");
    expect(deck).toMatch(/\n1, 1, 1, 0\.\n1, 2, 2, 0\.\n3, 2, 2, 0\.\n/);
    expect(deck).toContain("*NODE PRINT, NSET=NTOP, TOTALS=ONLY\nRF");
  });

  it("reads the total reaction CalculiX prints", () => {
    const dat = `
 total force (fx,fy,fz) for set NTOP and time  0.1000000E+01

        2.415038E+01  2.494705E+01 -1.865933E+04
`;
    expect(parseTotalReaction(dat)).toEqual([24.15038, 24.94705, -18659.33]);
  });
});
