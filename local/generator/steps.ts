/**
 * The onboarding journey's steps, the functions behind them and their failure modes: the knobs of the
 * traffic generator's realism (drop-off and rejection rates per step).
 */
import type { FunctionSpec } from "./lambda.js";

type Via = "rest" | "http" | "workflow";
/** One step of the onboarding journey and the function behind it. */
export interface StepSpec {
  readonly step: string;
  readonly fn: FunctionSpec;
  readonly via: Via;
  readonly resource: string;
  /** Probability the applicant abandons before this step. */
  readonly dropOff: number;
  /** Probability of a business rejection (identity mismatch, bureau score…). */
  readonly reject: number;
}

const fn = (name: string, memoryMb: number, logFormat: "text" | "json", timeoutS: number): FunctionSpec => ({
  name,
  memoryMb,
  logFormat,
  timeoutS,
});

/** The steps in order; two functions use Lambda's JSON log format, the rest text. */
export const STEPS: readonly StepSpec[] = [
  {
    step: "start",
    fn: fn("onboarding-start", 512, "text", 6),
    via: "rest",
    resource: "/onboarding",
    dropOff: 0,
    reject: 0.01,
  },
  {
    step: "identity_validation",
    fn: fn("onboarding-identity-validation", 1024, "text", 10),
    via: "rest",
    resource: "/onboarding/{onboardingId}/identity",
    dropOff: 0.08,
    reject: 0.06,
  },
  {
    step: "document_upload",
    fn: fn("onboarding-document-upload", 1024, "json", 15),
    via: "http",
    resource: "/onboarding/{onboardingId}/documents",
    dropOff: 0.1,
    reject: 0.02,
  },
  {
    step: "selfie_biometrics",
    fn: fn("onboarding-biometrics", 2048, "text", 15),
    via: "rest",
    resource: "/onboarding/{onboardingId}/selfie",
    dropOff: 0.07,
    reject: 0.05,
  },
  {
    step: "credit_bureau_check",
    fn: fn("onboarding-credit-check", 512, "json", 8),
    via: "workflow",
    resource: "",
    dropOff: 0,
    reject: 0.12,
  },
  {
    step: "account_opening",
    fn: fn("onboarding-account-opening", 512, "text", 6),
    via: "workflow",
    resource: "",
    dropOff: 0,
    reject: 0,
  },
  {
    step: "card_issuing",
    fn: fn("onboarding-card-issuing", 512, "text", 6),
    via: "workflow",
    resource: "",
    dropOff: 0,
    reject: 0,
  },
];

/** The technical error each step's function throws when it fails. */
export const ERRORS: Record<string, [string, string]> = {
  start: ["DynamoDBThrottlingError", "Rate exceeded for table onboarding-applications"],
  identity_validation: ["RenaperTimeoutError", "RENAPER did not answer for DNI"],
  document_upload: ["S3UploadError", "Upload of dni-front.jpg failed"],
  selfie_biometrics: ["LivenessServiceError", "Liveness provider returned 503"],
  credit_bureau_check: ["BureauUnavailableError", "Credit bureau did not answer for CUIT"],
  account_opening: ["CoreBankingError", "Core banking rejected account creation"],
  card_issuing: ["CardProcessorError", "Card processor timeout for card"],
};
