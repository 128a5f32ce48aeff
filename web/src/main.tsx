import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App as AntApp, ConfigProvider } from "antd";
import zhCN from "antd/locale/zh_CN";
import enUS from "antd/locale/en_US";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { RouterProvider } from "react-router-dom";
import { ApiError, configureClient } from "./api/client.js";
import { currentLocale, useLocale } from "./i18n/index.js";
import { router } from "./app-routes.js";

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      // Retrying a 4xx only repeats the same answer; retry network blips once.
      retry: (count, err) => count < 1 && !(err instanceof ApiError && err.status >= 400 && err.status < 500),
      refetchOnWindowFocus: false,
    },
  },
});

configureClient({
  language: currentLocale,
  onUnauthenticated: () => {
    const { pathname, search } = router.state.location;
    if (pathname === "/login") return;
    void router.navigate(`/login?from=${encodeURIComponent(pathname + search)}`, { replace: true });
  },
});

function Root() {
  const locale = useLocale();
  return (
    <ConfigProvider
      locale={locale === "en" ? enUS : zhCN}
      theme={{ token: { colorPrimary: "#c41d1d", borderRadius: 6, controlHeight: 36 } }}
    >
      <AntApp>
        <QueryClientProvider client={queryClient}>
          <RouterProvider router={router} />
        </QueryClientProvider>
      </AntApp>
    </ConfigProvider>
  );
}

const container = document.getElementById("root");
if (!container) throw new Error("#root missing from index.html");
createRoot(container).render(
  <StrictMode>
    <Root />
  </StrictMode>,
);
