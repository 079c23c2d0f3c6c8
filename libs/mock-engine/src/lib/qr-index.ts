/** Which instance issued each current QR, so that a phone can scan by the QR's text alone. */
export class QrIndex {
  private readonly owners = new Map<string, string>();

  ownerOf(qrText: string): string | undefined {
    return this.owners.get(qrText);
  }

  /** The instance now shows `current` instead of `previous` (either may be none). */
  replace(instanceId: string, previous: string | undefined, current: string | undefined): void {
    if (previous !== undefined && previous !== current) this.owners.delete(previous);
    if (current !== undefined) this.owners.set(current, instanceId);
  }

  forget(qrText: string | undefined): void {
    if (qrText !== undefined) this.owners.delete(qrText);
  }

  clear(): void {
    this.owners.clear();
  }
}
