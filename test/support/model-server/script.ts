/**
 * What the scripted model server says, independent of the wire format: a script is a list of
 * conversations (one per agent run, i.e. per Foreman attempt), each a list of turns. A turn is
 * one tool call (a file write or a shell command, mapped onto the calling CLI's own tools) or a
 * final answer, each with the exact token usage the server reports for it. A `read` turn reads a
 * file with the CLI's read tool: Claude Code refuses to `Write` a file that exists until it has
 * been read in the same run ("File has not been read yet"), so a script edits with read, then write.
 *
 * Which conversation a request belongs to is read from the request itself: the text of its
 * first user message (the agent's prompt) picks the conversation, assigned in order of first
 * sight, so a CLI that retries a request stays in its conversation. The turn inside it is the
 * number of tool results the request carries (one tool call per turn).
 */

/** Token counts the server reports for one model response. */
export interface Usage {
  input: number;
  output: number;
}

/** One model response: a tool call, or the final answer. */
export type Turn =
  | { read: { path: string }; usage: Usage }
  /**
   * `replaces`: the file's content before the write, for a CLI whose only file tool edits by
   * replacing text (Copilot CLI's `edit`: `old_str` → `new_str`); CLIs with a write tool ignore it.
   */
  | { write: { path: string; content: string; replaces?: string }; usage: Usage }
  | { run: string; usage: Usage }
  | { final: string; usage: Usage };

export type Conversation = readonly Turn[];

export interface Script {
  /** Conversation k answers the k-th distinct prompt; the last one repeats for later prompts. */
  conversations: readonly Conversation[];
}

/** A failure answered instead of the script, to the next `times` agent requests. */
export type FaultKind = "401" | "429" | "500" | "529" | "stall";

export interface Fault {
  kind: FaultKind;
  /** How many agent requests get it (default: all of them). */
  times?: number;
  /** Seconds in the `retry-after` header of a 429 (default 1). */
  retryAfterSeconds?: number;
}

/** What the protocol layer reads from an agent request. */
export interface RequestFacts {
  /** The first user message's text: identifies the conversation. */
  prompt: string;
  /** How many tool results the history carries: the turn index. */
  toolResults: number;
}

/** Picks the turn for each request; remembers which prompt opened which conversation. */
export class ScriptPlayer {
  private readonly byPrompt = new Map<string, number>();

  constructor(private readonly script: Script) {
    if (script.conversations.length === 0) throw new Error("model server script: expected at least one conversation");
  }

  /** The conversation index (0-based) and the turn for this request. */
  next(facts: RequestFacts): { conversation: number; turnIndex: number; turn: Turn } {
    let conversation = this.byPrompt.get(facts.prompt);
    if (conversation === undefined) {
      conversation = this.byPrompt.size;
      this.byPrompt.set(facts.prompt, conversation);
    }
    const turns = this.script.conversations[Math.min(conversation, this.script.conversations.length - 1)] ?? [];
    const turnIndex = facts.toolResults;
    // Past the end of a conversation the agent gets the last turn again (normally its final answer).
    const turn = turns[Math.min(turnIndex, turns.length - 1)];
    if (turn === undefined) throw new Error(`model server script: conversation ${conversation} has no turns`);
    return { conversation, turnIndex, turn };
  }

  /** How many distinct prompts (agent runs) the server has seen. */
  get conversationsSeen(): number {
    return this.byPrompt.size;
  }
}
