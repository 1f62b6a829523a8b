import { Observable, type Subscriber } from 'rxjs';

/**
 * A hot, multicasting Observable for the step loop. RxJS's Subject allocates a closure on
 * every `next` (its error-context wrapper); this one walks a copy-on-write subscriber
 * list and allocates nothing per emission, so per-tick streams cost nothing extra when
 * nobody listens and little when someone does.
 */
export class Broadcast<T> extends Observable<T> {
  private subscribers: readonly Subscriber<T>[] = [];

  constructor() {
    super((subscriber) => {
      this.subscribers = [...this.subscribers, subscriber];
      return () => {
        this.subscribers = this.subscribers.filter((s) => s !== subscriber);
      };
    });
  }

  /** Whether anyone is subscribed (checked before building a value to emit). */
  get observed(): boolean {
    return this.subscribers.length > 0;
  }

  next(value: T): void {
    const list = this.subscribers;
    for (let i = 0; i < list.length; i++) list[i]!.next(value);
  }

  /** Complete every subscriber (used when a stream ends). */
  complete(): void {
    const list = this.subscribers;
    this.subscribers = [];
    for (const s of list) s.complete();
  }
}
