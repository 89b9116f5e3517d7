// The public surface of @downhill/core: the engine and the wire protocol, shared by the browser's Web Worker,
// the server and the CLI. An explicit list, so that what leaves the package is a decision.

export { Random, type RandomState } from "./random.ts";

export type {
  Dataset,
  DatasetRef,
  DatasetSourceNote,
  RawData,
  Split,
  Standardization,
  Task,
  TrainingRows,
} from "./datasets/Dataset.ts";
export {
  datasets,
  DATASET_NAMES,
  type DatasetDefaults,
  type DatasetName,
  type DatasetSpec,
  type GenerateOptions,
} from "./datasets/registry.ts";
export { CSV_DEFAULTS, DATASET_OPTION_LIMITS, DEFAULT_DATASET_SEED, loadDataset } from "./datasets/loadDataset.ts";
export {
  CSV_LIMITS,
  inferTask,
  parseCsv,
  type CsvError,
  type ParseCsvOptions,
  type ParseCsvResult,
} from "./datasets/parseCsv.ts";

export { logisticLoss, logisticLossDerivative } from "./losses/bce.ts";
export { squaredError, squaredErrorDerivative } from "./losses/mse.ts";

export {
  ACTIVATIONS,
  INITIALIZATIONS,
  initializationFor,
  MODEL_KINDS,
  type ActivationName,
  type Initialization,
  type Model,
  type ModelKind,
  type ModelSpec,
} from "./models/Model.ts";
export { createModel, modelParamCount } from "./models/createModel.ts";
export { MLP_LIMITS } from "./models/mlp.ts";
export { MAX_POLYNOMIAL_DEGREE } from "./models/polynomialRegression.ts";

export {
  MOMENTUM_OPTIMIZERS,
  OPTIMIZER_NAMES,
  type Optimizer,
  type OptimizerName,
  type OptimizerOptions,
  type OptimizerState,
} from "./optimizers/Optimizer.ts";
export { createOptimizer, DEFAULT_LEARNING_RATES, OPTIMIZER_DEFAULTS, optimizers } from "./optimizers/registry.ts";

export { learningRateAt, SCHEDULE_KINDS, type Schedule, type ScheduleKind } from "./training/schedules.ts";
export {
  RUN_LIMITS,
  runConfigSchema,
  scheduleSchema,
  type RunConfig,
  type RunConfigInput,
} from "./training/RunConfig.ts";
export { accuracy, evaluateAccuracy } from "./training/accuracy.ts";
export { createProblem, evaluateLoss, type Problem, type ProblemSpec, type SplitName } from "./training/Problem.ts";
export { DIVERGENCE_RATIO, Trainer, type TrainerSnapshot, type TrainerStatus } from "./training/Trainer.ts";
export {
  explainStep,
  STEP_PARAMS_WRITTEN_OUT,
  STEP_ROWS_WRITTEN_OUT,
  type ParameterStep,
  type RowPrediction,
  type StepExplanation,
  type StepRule,
} from "./training/explainStep.ts";
export { parameterNames, stepFormulas, type StepFormulas } from "./training/stepFormulas.ts";
export {
  checkLosses,
  compareWithReplay,
  curveCanBeComplete,
  replayRun,
  VERIFY_TOLERANCE,
  withinTolerance,
  type Replay,
  type RunClaim,
  type Verdict,
} from "./training/verify.ts";
export {
  estimateReplaySeconds,
  REPLAY_NS_PER_UNIT,
  REPLAY_START_SECONDS,
  replayWorkUnits,
  verificationCost,
  VERIFY_BUDGET,
  type ReplayShape,
  type VerificationCost,
} from "./training/replayCost.ts";
export { runDescent, type DescentResult } from "./training/descend.ts";
export {
  diagnoseReplay,
  diagnoseRun,
  DIAGNOSIS_THRESHOLDS,
  DIAGNOSIS_VERDICTS,
  formatNumber,
  type Diagnosis,
  type DiagnosisInput,
  type DiagnosisVerdict,
} from "./training/diagnose.ts";
export { largestStableLearningRate } from "./training/edgeOfStability.ts";
export {
  REFERENCE_CURVE_POINTS,
  REFERENCE_SETTINGS,
  referenceConfigs,
  referenceCurve,
  referenceRunOf,
  referenceRuns,
  type ReferenceConfig,
  type ReferenceCurve,
  type ReferenceId,
  type ReferenceRun,
} from "./training/referenceRuns.ts";
export { MIN_REVERSALS_IN_A_ROW, UpdateReversals, type ReversalSpan } from "./training/UpdateReversals.ts";
export { leastSquaresOptimum } from "./training/leastSquares.ts";
export { lossSurface, type LossSurface, type LossSurfaceOptions } from "./training/lossSurface.ts";
export { lttb, logLttb, type Downsampled, type LttbOptions } from "./charts/lttb.ts";
export { DESCEND_FLAGS, parseDescendArgs, type ParsedDescendArgs } from "./cli/parseDescendArgs.ts";

export { ERROR_CODES, fail, type Ack, type ErrorBody, type ErrorCode } from "./protocol/errors.ts";
export {
  batchSizeSchema,
  challengeSchema,
  datasetRefSchema,
  LEADERBOARD_TOP_MAX,
  leaderboardModeSchema,
  modelSpecSchema,
  rawDataSchema,
  SCORING_SPLITS,
  trainingRowsSchema,
  type Challenge,
  type ChallengeInput,
  type LeaderboardMode,
  type ScoringSplit,
  type TrainingRowsData,
} from "./protocol/challenge.ts";
export { chartForStudents, leaderboardForStudents, studentRank, topPercent } from "./protocol/leaderboardMode.ts";
export {
  CHALLENGE_FIELDS,
  challengeError,
  challengeIssues,
  describeChallengeIssues,
  type ChallengeErrorBody,
  type ChallengeField,
  type FieldIssue,
} from "./protocol/challengeIssues.ts";
export {
  studentChallenge,
  studentProblemSpec,
  type StudentChallenge,
  type StudentDatasetRef,
  type StudentProblemSpec,
} from "./protocol/studentChallenge.ts";
export { checkRunAgainstChallenge } from "./protocol/rules.ts";
export { MAX_NAME_LENGTH, nameSkeleton, normalizeName, studentNameSchema, type NameVerdict } from "./protocol/names.ts";
export {
  hostAttachPayload,
  hostCommandPayload,
  hostCommandSchema,
  JOIN_CODE_ALPHABET,
  JOIN_CODE_LENGTH,
  joinCodeSchema,
  MAX_PARAMS,
  MAX_PROGRESS_BATCH,
  PROTOCOL_VERSION,
  runFinishPayload,
  runCancelPayload,
  runIdSchema,
  runProgressPayload,
  runStartPayload,
  studentJoinPayload,
  tokenSchema,
  type CommandApplied,
  type HostAttached,
  type HostAttachPayload,
  type HostCommand,
  type HostCommandPayload,
  type InterServerEvents,
  type JoinReach,
  type ProgressAcked,
  type RunFinished,
  type RunFinishPayload,
  type RunCancelPayload,
  type RunProgressPayload,
  type RunStarted,
  type RunStartPayload,
  type ServerToClientEvents,
  type SessionCreated,
  type SocketData,
  type StudentJoined,
  type StudentJoinPayload,
} from "./protocol/events.ts";
export {
  describePrediction,
  lossDecade,
  PREDICTION_DECADES,
  predictionHeld,
  runPredictionSchema,
  type PredictedRunResult,
  type RunPrediction,
} from "./protocol/prediction.ts";
export {
  CLIENT_EVENTS,
  clientEventTable,
  isClientEvent,
  payloadSchema,
  type AckOf,
  type ClientEvent,
  type ClientEventSpec,
  type ClientToServerEvents,
  type EventHandler,
  type EventHandlers,
  type PayloadOf,
  type ReplyOf,
  type ReplyType,
  type ValidPayloadOf,
} from "./protocol/clientEvents.ts";
export { CREATE_SESSION_PATH, createSessionBody, type CreateSessionBody } from "./protocol/createSession.ts";
export {
  INSTRUCTOR_KEY_PATTERN,
  groupedInstructorKey,
  instructorKeyInFragment,
  instructorKeyLink,
  readInstructorKey,
  type ReadInstructorKey,
} from "./protocol/instructorKey.ts";
export type { BatchArrival, ResultRun, ResultStudent, SessionResults, SessionSummary } from "./protocol/results.ts";
export { testCurveSchema } from "./protocol/results.ts";
export {
  sessionSpan,
  sessionTimeline,
  type EventHappening,
  type Happening,
  type RunCloseHappening,
  type RunStartHappening,
  type TimelineInput,
} from "./protocol/sessionTimeline.ts";
export {
  standingsAt,
  type Descending,
  type Standing,
  type StandingsAtMoment,
  type StandingsInput,
  type StandingsRun,
} from "./protocol/standingsAt.ts";
export { referenceCurvesFor } from "./protocol/referenceCurvesFor.ts";
export {
  RUN_STATUSES,
  SESSION_STATUSES,
  type ChartBands,
  type ChartRun,
  type ChartView,
  type ReferencesView,
  type DivergedChartRun,
  type LeaderboardEntry,
  type LeaderboardView,
  type OwnRunView,
  type ProblemRun,
  type RosterStudent,
  type RosterView,
  type RunStatus,
  type ScatterPoint,
  type SessionCounts,
  type SessionStateUpdate,
  type SessionStateView,
  type SessionStatus,
  type StudentRankView,
  type StudentStateView,
  type StudentStatus,
} from "./protocol/views.ts";
