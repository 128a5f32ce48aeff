import { lazy, Suspense, type ReactNode } from "react";
import { createBrowserRouter, Navigate } from "react-router-dom";
import { FullPageSpin, RequireAuth, RequirePermission } from "./auth/guards.js";
import { publicRatingRoutes, ratingRoutes } from "./pages/rating/rating-routes.js";

// Every screen is its own chunk, so the sign-in page loads only what it needs.
const LoginPage = lazy(() => import("./pages/login-page.js").then((m) => ({ default: m.LoginPage })));
const AppLayout = lazy(() => import("./layout/app-layout.js").then((m) => ({ default: m.AppLayout })));
const HomePage = lazy(() => import("./pages/home-page.js").then((m) => ({ default: m.HomePage })));
const OrgPage = lazy(() => import("./pages/org/org-page.js").then((m) => ({ default: m.OrgPage })));
const UnitPage = lazy(() => import("./pages/org/unit-page.js").then((m) => ({ default: m.UnitPage })));
const UsersPage = lazy(() => import("./pages/users/users-page.js").then((m) => ({ default: m.UsersPage })));
const AuditPage = lazy(() => import("./pages/audit/audit-page.js").then((m) => ({ default: m.AuditPage })));
const PartyOrgsPage = lazy(() => import("./pages/party/party-orgs-page.js").then((m) => ({ default: m.PartyOrgsPage })));
const PartyOrgPage = lazy(() => import("./pages/party/party-org-page.js").then((m) => ({ default: m.PartyOrgPage })));
const MemberPage = lazy(() => import("./pages/party/member-page.js").then((m) => ({ default: m.MemberPage })));
const MeetingEntryPage = lazy(() => import("./pages/party/meeting-entry-page.js").then((m) => ({ default: m.MeetingEntryPage })));
const ImportPage = lazy(() => import("./pages/party/import-page.js").then((m) => ({ default: m.ImportPage })));
const GridsPage = lazy(() => import("./pages/grids/grids-page.js").then((m) => ({ default: m.GridsPage })));
const WorkQueuePage = lazy(() => import("./pages/appeals/work-queue-page.js").then((m) => ({ default: m.WorkQueuePage })));
const AppealDetailPage = lazy(() => import("./pages/appeals/appeal-detail-page.js").then((m) => ({ default: m.AppealDetailPage })));
const FieldPage = lazy(() => import("./pages/appeals/field-page.js").then((m) => ({ default: m.FieldPage })));
const NotifierSettingsPage = lazy(() => import("./pages/appeals/notifier-settings-page.js").then((m) => ({ default: m.NotifierSettingsPage })));
const WhistleBoardPage = lazy(() => import("./pages/appeals/whistle/whistle-board-page.js").then((m) => ({ default: m.WhistleBoardPage })));
const MySummonsPage = lazy(() => import("./pages/appeals/whistle/my-summons-page.js").then((m) => ({ default: m.MySummonsPage })));
const RatesPage = lazy(() => import("./pages/appeals/rates/rates-page.js").then((m) => ({ default: m.RatesPage })));
const AppealConfigPage = lazy(() => import("./pages/appeals/config/appeal-config-page.js").then((m) => ({ default: m.AppealConfigPage })));
const CalendarPage = lazy(() => import("./pages/calendar/calendar-page.js").then((m) => ({ default: m.CalendarPage })));
const Open311KeysPage = lazy(() => import("./pages/appeals/open311-keys-page.js").then((m) => ({ default: m.Open311KeysPage })));

const page = (node: ReactNode) => <Suspense fallback={<FullPageSpin />}>{node}</Suspense>;

export const router = createBrowserRouter([
  { path: "/login", element: page(<LoginPage />) },
  ...publicRatingRoutes,
  {
    path: "/",
    element: <RequireAuth>{page(<AppLayout />)}</RequireAuth>,
    children: [
      { index: true, element: <HomePage /> },
      {
        path: "org",
        element: <RequirePermission permission="org.read"><OrgPage /></RequirePermission>,
        children: [{ path: ":id", element: <UnitPage /> }],
      },
      { path: "users", element: <RequirePermission permission="user.read"><UsersPage /></RequirePermission> },
      { path: "audit", element: <RequirePermission permission="audit.read"><AuditPage /></RequirePermission> },
      { path: "party", element: <RequirePermission permission="party.read"><PartyOrgsPage /></RequirePermission> },
      { path: "party/orgs/:id", element: <RequirePermission permission="party.read"><PartyOrgPage /></RequirePermission> },
      { path: "party/orgs/:id/meetings/new", element: <RequirePermission permission="party.manage"><MeetingEntryPage /></RequirePermission> },
      { path: "party/meetings/:meetingId", element: <RequirePermission permission="party.read"><MeetingEntryPage /></RequirePermission> },
      { path: "party/members/:id", element: <RequirePermission permission="party.read"><MemberPage /></RequirePermission> },
      { path: "party/import", element: <RequirePermission permission="party.manage"><ImportPage /></RequirePermission> },
      ...ratingRoutes,
      { path: "grids", element: <RequirePermission permission="grid.read"><GridsPage /></RequirePermission> },
      { path: "appeals", element: <RequirePermission permission="appeal.read"><WorkQueuePage /></RequirePermission> },
      { path: "appeals/:id", element: <RequirePermission permission="appeal.read"><AppealDetailPage /></RequirePermission> },
      { path: "field", element: <RequirePermission permission="appeal.handle"><FieldPage /></RequirePermission> },
      { path: "notifiers", element: <RequirePermission permission="org.manage"><NotifierSettingsPage /></RequirePermission> },
      { path: "whistles", element: <RequirePermission permission="appeal.read"><WhistleBoardPage /></RequirePermission> },
      { path: "my-summons", element: <RequirePermission permission="dispatch.respond"><MySummonsPage /></RequirePermission> },
      { path: "rates", element: <RequirePermission permission="rates.read"><RatesPage /></RequirePermission> },
      { path: "open311-keys", element: <RequirePermission permission="open311.manage"><Open311KeysPage /></RequirePermission> },
      { path: "appeal-config", element: <RequirePermission permission="appeal.configure"><AppealConfigPage /></RequirePermission> },
      { path: "calendar", element: <RequirePermission permission="calendar.manage"><CalendarPage /></RequirePermission> },
      { path: "*", element: <Navigate to="/" replace /> },
    ],
  },
]);
