/** In-memory implementations of every port of `src/loop/ports.ts`, and the wiring of a session's world. */
export { MemoryAttemptFiles, attemptOf, MEMORY_ATTEMPTS_DIR } from "./attempt-files.js";
export { ManualClock, MEMORY_EPOCH_MS } from "./clock.js";
export { dyingLedger, dyingRunner, guarded, Lifeline, SimulatedCrash } from "./crash.js";
export { MemoryLedger } from "./ledger.js";
export {
  MemoryProcessRunner,
  UnknownProgramError,
  type MemoryProcess,
  type Program,
  type ProgramCall,
  type ProgramResult,
} from "./process-runner.js";
export { claudeAgent, claudeStdout, gateProgram, type AgentTurn, type GateVerdict } from "./programs.js";
export { MemoryPublishError, MemoryPublisher, type MemoryCommit, type MemoryPublisherOptions, type PublisherCall } from "./publisher.js";
export { InvalidSnapshotError, MemoryStateStore } from "./state-store.js";
export { MEMORY_WORKTREE_DIR, MemoryWorkspace, MemoryWorkspaceError, treeHash, type Tree } from "./workspace.js";
export { MemoryWorld, valueIsGood, WORLD_BASE_FILES, WORLD_TASK, type MemoryWorldOptions, type RunOptions } from "./world.js";
