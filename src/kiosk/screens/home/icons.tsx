/** Plain line icons for the home tiles (decorative: the tile text names the action). */
const common = {
  width: 64,
  height: 64,
  viewBox: '0 0 48 48',
  fill: 'none',
  stroke: 'currentColor',
  'stroke-width': 3,
  'aria-hidden': true,
} as const;

export const GuideIcon = () => (
  <svg {...common}>
    <path d="M12 6h18l8 8v28H12z" />
    <path d="M30 6v8h8M18 22h14M18 29h14M18 36h9" />
  </svg>
);
export const FeeIcon = () => (
  <svg {...common}>
    <circle cx="24" cy="24" r="18" />
    <path d="M17 14l7 9 7-9M24 23v13M17 25h14M17 31h14" />
  </svg>
);
export const DutyIcon = () => (
  <svg {...common}>
    <circle cx="24" cy="16" r="8" />
    <path d="M8 42c1-9 8-14 16-14s15 5 16 14" />
  </svg>
);
export const NoticeIcon = () => (
  <svg {...common}>
    <path d="M8 20v8h6l14 9V11l-14 9z" />
    <path d="M34 18c2 2 2 10 0 12M38 14c4 4 4 16 0 20" />
  </svg>
);
export const SearchIcon = () => (
  <svg {...common}>
    <circle cx="21" cy="21" r="12" />
    <path d="M30 30l10 10" />
  </svg>
);
