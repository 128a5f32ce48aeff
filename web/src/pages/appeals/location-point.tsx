import { Flex, Typography } from "antd";
import { EnvironmentOutlined } from "@ant-design/icons";
import { useTranslation } from "react-i18next";

/**
 * The appeal's point without a tile server (none is reachable from the deployment): a small
 * graticule with the marker, the WGS84 coordinates, and a link to open them in a map.
 */
export function LocationPoint({ lng, lat, text }: { lng: number; lat: number; text: string | null }) {
  const { t } = useTranslation();
  const osm = `https://www.openstreetmap.org/?mlat=${lat}&mlon=${lng}#map=17/${lat}/${lng}`;
  const label = `${lat.toFixed(5)}°${lat >= 0 ? "N" : "S"}, ${lng.toFixed(5)}°${lng >= 0 ? "E" : "W"}`;
  return (
    <Flex gap={12} align="center" wrap data-testid="appeal-location">
      <svg width="120" height="90" viewBox="0 0 120 90" role="img" aria-label={label} style={{ background: "#f6ffed", border: "1px solid #d9d9d9", borderRadius: 4 }}>
        {[30, 60, 90].map((x) => (
          <line key={`x${x}`} x1={x} y1={0} x2={x} y2={90} stroke="#d9d9d9" strokeDasharray="2 3" />
        ))}
        {[30, 60].map((y) => (
          <line key={`y${y}`} x1={0} y1={y} x2={120} y2={y} stroke="#d9d9d9" strokeDasharray="2 3" />
        ))}
        <path d="M60 22c-8 0-14 6-14 14 0 10 14 24 14 24s14-14 14-24c0-8-6-14-14-14z" fill="#cf1322" />
        <circle cx="60" cy="36" r="5" fill="#fff" />
      </svg>
      <Flex vertical gap={2}>
        {text && <Typography.Text>{text}</Typography.Text>}
        <Typography.Text code copyable data-testid="appeal-coordinates">{label}</Typography.Text>
        <Typography.Link href={osm} target="_blank" rel="noreferrer noopener">
          <EnvironmentOutlined /> {t("appealsUi.openMap")}
        </Typography.Link>
      </Flex>
    </Flex>
  );
}
