/**
 * What goes on paper: rendered into <body> beside the app, hidden on screen, the only thing shown in
 * print media (kiosk.css, "Printing"). Paper size decides the layout class, not the content.
 */
import { createPortal } from 'preact/compat';
import type { ComponentChildren } from 'preact';
import type { Paper } from './print-paper';

export function PrintSheet(props: { paper: Paper; children: ComponentChildren; testId?: string }) {
  return createPortal(
    <div class={`print-sheet print-${props.paper}`} data-testid={props.testId} lang="zh-Hans">
      {props.children}
    </div>,
    document.body,
  );
}
