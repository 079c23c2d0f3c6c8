/** What changed: a request was answered, a status moved. */
export type ChangeKind = 'request' | 'status';

/**
 * Tells the dashboard's open pages that the mock's state may have changed, at most
 * once per `quietMs` (a burst of requests is one refresh, not hundreds).
 */
export class ChangeFeed {
  private readonly listeners = new Set<(kind: ChangeKind) => void>();
  private pending: ChangeKind | undefined;
  private timer: NodeJS.Timeout | undefined;

  /**
   * With `shared` (the processes of one mock on Redis), news is also sent to the other
   * processes, and theirs is heard here: a dashboard sees what any worker did.
   */
  constructor(
    private readonly quietMs = 100,
    private readonly shared?: {
      publish(kind: string): void;
      subscribe(listener: (kind: string) => void): Promise<void>;
    },
  ) {
    void shared
      ?.subscribe((kind) => this.tell(kind === 'status' ? 'status' : 'request'))
      .catch(() => undefined);
  }

  subscribe(listener: (kind: ChangeKind) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  notify(kind: ChangeKind): void {
    if (this.listeners.size === 0 && !this.shared) return;
    this.pending = this.pending === 'status' ? 'status' : kind;
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      const sent = this.pending as ChangeKind;
      this.pending = undefined;
      this.shared?.publish(sent);
      this.tell(sent);
    }, this.quietMs);
  }

  private tell(kind: ChangeKind): void {
    for (const listener of this.listeners) listener(kind);
  }

  stop(): void {
    clearTimeout(this.timer);
    this.listeners.clear();
  }
}
