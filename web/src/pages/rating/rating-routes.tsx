import { lazy, Suspense, type ReactNode } from "react";
import { Menu } from "antd";
import { Navigate, Outlet, useLocation, useNavigate, type RouteObject } from "react-router-dom";
import { useTranslation } from "react-i18next";
import type { Permission } from "../../../../common/roles.js";
import { FullPageSpin, RequirePermission } from "../../auth/guards.js";
import { useMe } from "../../auth/session.js";

// Each screen is its own chunk; ECharts only loads with the screens that draw.
const QueuePage = lazy(() => import("./queue-page.js").then((m) => ({ default: m.QueuePage })));
const AssessmentPage = lazy(() => import("./assessment-page.js").then((m) => ({ default: m.AssessmentPage })));
const ResultsPage = lazy(() => import("./results-page.js").then((m) => ({ default: m.ResultsPage })));
const VillageRatingPage = lazy(() => import("./village-rating-page.js").then((m) => ({ default: m.VillageRatingPage })));
const SchemesPage = lazy(() => import("./schemes-page.js").then((m) => ({ default: m.SchemesPage })));
const SchemeEditorPage = lazy(() => import("./scheme-editor-page.js").then((m) => ({ default: m.SchemeEditorPage })));
const CategoriesPage = lazy(() => import("./categories-page.js").then((m) => ({ default: m.CategoriesPage })));
const MemberStarCardPage = lazy(() => import("./star-card-page.js").then((m) => ({ default: m.MemberStarCardPage })));
const MyStarCardPage = lazy(() => import("./star-card-page.js").then((m) => ({ default: m.MyStarCardPage })));
const MemberScoresPage = lazy(() => import("./member-scores-page.js").then((m) => ({ default: m.MemberScoresPage })));
const PublicIndexPage = lazy(() => import("./public-index-page.js").then((m) => ({ default: m.PublicIndexPage })));
const PublicStarsPage = lazy(() => import("./public-stars-page.js").then((m) => ({ default: m.PublicStarsPage })));
const AllocationPage = lazy(() => import("../allocation/allocation-page.js").then((m) => ({ default: m.AllocationPage })));
const PlanPage = lazy(() => import("../allocation/plan-page.js").then((m) => ({ default: m.PlanPage })));

const page = (node: ReactNode) => <Suspense fallback={<FullPageSpin />}>{node}</Suspense>;
const SECTIONS: { key: string; permission: Permission }[] = [
  { key: "queue", permission: "rating.read" },
  { key: "results", permission: "rating.read" },
  { key: "schemes", permission: "rating.read" },
  { key: "categories", permission: "rating.read" },
  { key: "members", permission: "party.read" },
];

/** The rating area's own tabs (the side menu has one entry for it). */
function RatingSection() {
  const { t } = useTranslation();
  const me = useMe();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const current = pathname.split("/")[2] ?? "queue";
  const items = SECTIONS.filter((s) => me.data?.permissions.includes(s.permission)).map((s) => ({ key: s.key, label: <span data-testid={`rating-nav-${s.key}`}>{t(`rt.nav.${s.key}`)}</span> }));
  return (
    <>
      <Menu mode="horizontal" items={items} selectedKeys={[current]} onClick={(e) => void navigate(`/rating/${e.key}`)} style={{ marginBottom: 16, background: "transparent" }} />
      <Suspense fallback={<FullPageSpin />}>
        <Outlet />
      </Suspense>
    </>
  );
}

const read = (node: ReactNode) => <RequirePermission permission="rating.read">{node}</RequirePermission>;

/** The signed-in routes of ratings (issue 4) and allocation. */
export const ratingRoutes: RouteObject[] = [
  {
    path: "rating",
    element: <RatingSection />,
    children: [
      { index: true, element: <Navigate to="queue" replace /> },
      { path: "queue", element: read(<QueuePage />) },
      { path: "assessments/:id", element: read(<AssessmentPage />) },
      { path: "results", element: read(<ResultsPage />) },
      { path: "villages/:id", element: read(<VillageRatingPage />) },
      { path: "schemes", element: read(<SchemesPage />) },
      { path: "schemes/:id", element: read(<SchemeEditorPage />) },
      { path: "categories", element: read(<CategoriesPage />) },
      { path: "members", element: <RequirePermission permission="party.read"><MemberStarCardPage /></RequirePermission> },
      { path: "members/:id", element: <RequirePermission permission="party.read"><MemberStarCardPage /></RequirePermission> },
      { path: "branch-scores/:partyOrgId", element: <RequirePermission permission="party.read"><MemberScoresPage /></RequirePermission> },
    ],
  },
  { path: "stars", element: <RequirePermission permission="self.read">{page(<MyStarCardPage />)}</RequirePermission> },
  { path: "allocation", element: read(page(<AllocationPage />)) },
  { path: "allocation/:id", element: read(page(<PlanPage />)) },
];

/** 公示 without a session: names of places and stars only. */
export const publicRatingRoutes: RouteObject[] = [
  { path: "/public/rating", element: page(<PublicIndexPage />) },
  { path: "/public/rating/:id", element: page(<PublicStarsPage />) },
];
