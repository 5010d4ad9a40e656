/** A QR code drawn as one SVG path (uqr encodes; we draw, so no HTML string is injected). */
import { encode } from 'uqr';

export function qrPath(data: boolean[][]): string {
  let d = '';
  data.forEach((row, y) => {
    row.forEach((dark, x) => {
      if (dark) d += `M${x} ${y}h1v1h-1z`;
    });
  });
  return d;
}

export function QrCode(props: { text: string; label: string; size?: number }) {
  const qr = encode(props.text, { ecc: 'M', border: 2 });
  const size = props.size ?? 220;
  return (
    <svg
      class="qr"
      role="img"
      aria-label={props.label}
      width={size}
      height={size}
      viewBox={`0 0 ${qr.size} ${qr.size}`}
      shape-rendering="crispEdges"
      data-qr-text={props.text}
    >
      <rect width={qr.size} height={qr.size} fill="#fff" />
      <path d={qrPath(qr.data)} fill="#000" />
    </svg>
  );
}
