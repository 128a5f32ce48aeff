/** TanStack Query keys of the rating and allocation screens (prefix `rating`, so one invalidation refreshes them). */
export const ratingKeys = {
  all: ["rating"] as const,
  schemes: (f: object) => ["rating", "schemes", f] as const,
  scheme: (id: string) => ["rating", "scheme", id] as const,
  metrics: ["rating", "metrics"] as const,
  categories: (f: object) => ["rating", "categories", f] as const,
  queue: ["rating", "queue"] as const,
  assessments: (f: object) => ["rating", "assessments", f] as const,
  assessment: (id: string) => ["rating", "assessment", id] as const,
  village: (id: string, year: number) => ["rating", "village", id, year] as const,
  summary: (f: object) => ["rating", "summary", f] as const,
  results: (f: object) => ["rating", "results", f] as const,
  rectification: (f: object) => ["rating", "rectification", f] as const,
  job: (id: string) => ["rating", "job", id] as const,
  starCard: (id: string, year: number) => ["rating", "star-card", id, year] as const,
  plans: (f: object) => ["rating", "plans", f] as const,
  plan: (id: string) => ["rating", "plan", id] as const,
};
