import { formatBytes } from './limits';

/**
 * What a command printed, as kept: its first part and its last part up to a budget, with a note in
 * between saying how much was cut. stdout and stderr are kept interleaved, in the order they arrived, as a
 * terminal shows them.
 */
export class KeptOutput {
  private head = '';
  private tail: string[] = [];
  private tailChars = 0;
  private cutChars = 0;
  /** Bytes printed in all (kept or not). */
  bytes = 0;

  constructor(private readonly budgetChars: number) {}

  private get headBudget(): number {
    return Math.floor(this.budgetChars / 8);
  }

  append(text: string, bytes: number): void {
    this.bytes += bytes;
    if (this.head.length < this.headBudget) {
      const room = this.headBudget - this.head.length;
      this.head += text.slice(0, room);
      text = text.slice(room);
    }
    if (!text) return;
    this.tail.push(text);
    this.tailChars += text.length;
    const tailBudget = this.budgetChars - this.headBudget;
    while (this.tailChars > tailBudget && this.tail.length) {
      const excess = this.tailChars - tailBudget;
      const first = this.tail[0]!;
      if (first.length <= excess) {
        this.tail.shift();
        this.tailChars -= first.length;
        this.cutChars += first.length;
      } else {
        this.tail[0] = first.slice(excess);
        this.tailChars -= excess;
        this.cutChars += excess;
      }
    }
  }

  toString(): string {
    const note = this.cutChars ? `\n… ${formatBytes(this.cutChars)} of output cut here (${formatBytes(this.bytes)} printed in all) …\n` : '';
    return `${this.head}${note}${this.tail.join('')}`;
  }
}

/** The last `chars` characters of a command's output, for the model, starting at a line where possible. */
export function outputTail(output: string, chars: number): string {
  if (output.length <= chars) return output;
  const cut = output.slice(-chars);
  const newline = cut.indexOf('\n');
  const start = newline >= 0 && newline < chars / 4 ? newline + 1 : 0;
  return `… (${output.length - chars + start} earlier characters not shown)\n${cut.slice(start)}`;
}
