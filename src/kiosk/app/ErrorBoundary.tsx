/**
 * A script error must never reach the screen: the public sees a calm
 * "正在恢复" page, the app drops the broken state and returns home. If errors
 * keep coming, the page reloads (the shell is precached, so that works offline).
 */
import { kioskLog } from '../log/kiosk-log';
import { Component, type ComponentChildren } from 'preact';

interface Props {
  children: ComponentChildren;
  /** Called after the pause, to put the app back into a known state. */
  onRecover?: () => void;
  message: string;
  hint: string;
  recoverAfterMs?: number;
}

interface State {
  failed: boolean;
  attempt: number;
}

const recentFailures: number[] = [];

export class ErrorBoundary extends Component<Props, State> {
  override state: State = { failed: false, attempt: 0 };
  private timer: ReturnType<typeof setTimeout> | undefined;

  static override getDerivedStateFromError(): Partial<State> {
    return { failed: true };
  }

  override componentDidCatch(error: unknown) {
    kioskLog.error('screen failed; recovering', error);
    const now = Date.now();
    recentFailures.push(now);
    while (recentFailures.length && recentFailures[0]! < now - 60_000) recentFailures.shift();
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      if (recentFailures.length >= 3) {
        recentFailures.length = 0;
        location.reload();
        return;
      }
      this.props.onRecover?.();
      this.setState((s) => ({ failed: false, attempt: s.attempt + 1 }));
    }, this.props.recoverAfterMs ?? 2500);
  }

  override componentWillUnmount() {
    clearTimeout(this.timer);
  }

  render() {
    if (this.state.failed) {
      return (
        <div class="recovering" role="status">
          <div class="recovering-spinner" aria-hidden="true" />
          <h1>{this.props.message}</h1>
          <p>{this.props.hint}</p>
        </div>
      );
    }
    return (
      <div key={this.state.attempt} class="boundary">
        {this.props.children}
      </div>
    );
  }
}
