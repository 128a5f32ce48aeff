import { z } from "zod";
import { endpoint, fileDownload } from "./endpoint.js";
import { idParam, okResponse, paging } from "./shared.js";

/** WGS84 longitude/latitude (Open311's datum); the web converts GCJ-02/BD-09 map picks first. */
export const lngLat = z.object({
  lng: z.number().min(-180).max(180),
  lat: z.number().min(-90).max(90),
});

/** A GeoJSON Polygon or MultiPolygon (checked for shape, not for self-intersection). */
export const gridBoundary = z.object({
  type: z.enum(["Polygon", "MultiPolygon"]),
  coordinates: z.array(z.unknown()).min(1),
});

export const gridPerson = z.object({ userId: z.uuid(), displayName: z.string(), username: z.string(), phoneMasked: z.string().nullable() });

export const gridView = z.object({
  id: z.uuid(),
  code: z.string(),
  name: z.string(),
  villageId: z.uuid(),
  villageName: z.string(),
  townName: z.string(),
  households: z.number().int(),
  centre: lngLat.nullable(),
  leader: gridPerson.nullable(),
  workerCount: z.number().int(),
  signboardVersion: z.number().int(),
  abilities: z.object({ manage: z.boolean() }),
});
export type GridView = z.infer<typeof gridView>;

export const gridDetail = gridView.extend({
  boundary: gridBoundary.nullable(),
  workers: z.array(gridPerson),
  signboardRotatedAt: z.string().nullable(),
});
export type GridDetail = z.infer<typeof gridDetail>;

export const listGrids = endpoint({
  method: "GET",
  path: "/api/v1/grids",
  summary: "Grids in the actor's scope (or under one village or town)",
  tags: ["grids"],
  access: { permission: "grid.read" },
  query: z.object({ underId: z.uuid().optional(), q: z.string().trim().min(1).max(50).optional(), ...paging }),
  response: z.object({ items: z.array(gridView), total: z.number().int() }),
});

export const getGrid = endpoint({
  method: "GET",
  path: "/api/v1/grids/:id",
  summary: "One grid with its workers and boundary",
  tags: ["grids"],
  access: { permission: "grid.read" },
  params: idParam,
  response: gridDetail,
});

const gridFields = {
  name: z.string().trim().min(1).max(40),
  households: z.number().int().min(0).max(100_000),
  boundary: gridBoundary.nullable().optional(),
  centre: lngLat.nullable().optional(),
};

export const createGrid = endpoint({
  method: "POST",
  path: "/api/v1/grids",
  summary: "Create a grid under a village; the code is the village code plus the next 3-digit number unless given",
  tags: ["grids"],
  access: { permission: "grid.manage" },
  body: z.object({ villageId: z.uuid(), seq: z.number().int().min(1).max(999).optional(), ...gridFields }).strict(),
  response: gridDetail,
  status: 201,
});

export const updateGrid = endpoint({
  method: "PATCH",
  path: "/api/v1/grids/:id",
  summary: "Rename a grid or change its households, boundary or centre",
  tags: ["grids"],
  access: { permission: "grid.manage" },
  params: idParam,
  body: z.object({ name: gridFields.name.optional(), households: gridFields.households.optional(), boundary: gridFields.boundary, centre: gridFields.centre }).strict(),
  response: gridDetail,
});

export const deleteGrid = endpoint({
  method: "DELETE",
  path: "/api/v1/grids/:id",
  summary: "Retire a grid that has no appeals (its signboard stops working)",
  tags: ["grids"],
  access: { permission: "grid.manage" },
  params: idParam,
  response: okResponse,
});

export const bulkCreateGrids = endpoint({
  method: "POST",
  path: "/api/v1/grids/bulk",
  summary: "Create several grids for one village in one go (第1网格, 第2网格 …)",
  tags: ["grids"],
  access: { permission: "grid.manage" },
  body: z
    .object({
      villageId: z.uuid(),
      count: z.number().int().min(1).max(50),
      namePrefix: z.string().trim().max(20).optional(),
      households: z.number().int().min(0).max(100_000).optional(),
    })
    .strict(),
  response: z.object({ items: z.array(gridView) }),
  status: 201,
});

export const setGridWorkers = endpoint({
  method: "PUT",
  path: "/api/v1/grids/:id/workers",
  summary: "Set the grid's workers (users who get the gridWorker role on this grid) and its leader",
  tags: ["grids"],
  access: { permission: "grid.manage" },
  params: idParam,
  body: z
    .object({
      workers: z.array(z.object({ userId: z.uuid(), phone: z.string().trim().max(20).optional() })).max(30),
      leaderUserId: z.uuid().nullable(),
    })
    .strict(),
  response: gridDetail,
});

export const signboardPaper = z.enum(["A4", "A3"]);

export const gridSignboard = endpoint({
  method: "GET",
  path: "/api/v1/grids/:id/signboard",
  summary: "The grid's QR signboard as a PDF (A4 or A3)",
  tags: ["grids"],
  access: { permission: "grid.read" },
  params: idParam,
  query: z.object({ paper: signboardPaper.default("A4") }),
  response: fileDownload,
  produces: "file",
});

export const batchSignboards = endpoint({
  method: "GET",
  path: "/api/v1/signboards",
  summary: "Every grid signboard of a village or town as one PDF",
  tags: ["grids"],
  access: { permission: "grid.read" },
  query: z.object({ underId: z.uuid(), paper: signboardPaper.default("A4") }),
  response: fileDownload,
  produces: "file",
});

export const rotateSignboard = endpoint({
  method: "POST",
  path: "/api/v1/grids/:id/signboard/rotate",
  summary: "Issue a new signboard token: every earlier print stops working",
  tags: ["grids"],
  access: { permission: "grid.manage" },
  params: idParam,
  response: z.object({ signboardVersion: z.number().int(), url: z.string() }),
});
