import type { InstanceStatus } from './instance-status';
import type { StatusChange } from './state-machine';

/** A status change, for webhooks and logs. */
export interface StatusChangeEvent {
  instanceId: string;
  /** Stable per owner token, never the token: the webhook's `userId`. */
  userId: string;
  name: string;
  phone: string;
  webhookUrl: string | null;
  webhookSecret: string | null;
  status: InstanceStatus;
  at: number;
  /** A device is linked (the webhook's `me` is known). */
  linked: boolean;
  /** The statuses the instance passed through, this one last. */
  history: readonly StatusChange[];
}

/** Who hears about status changes (the webhook dispatcher, logs). */
export class StatusEvents {
  private readonly listeners: Array<(event: StatusChangeEvent) => void> = [];

  listen(listener: (event: StatusChangeEvent) => void): void {
    this.listeners.push(listener);
  }

  /** Whether anyone listens: events are not even built otherwise. */
  heard(): boolean {
    return this.listeners.length > 0;
  }

  emit(event: StatusChangeEvent): void {
    for (const listener of this.listeners) listener(event);
  }
}
