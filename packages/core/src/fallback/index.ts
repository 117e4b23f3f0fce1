export {
  type DescribeRatificationErrorType,
  type DescribeRatificationParameters,
  type DescribeRatificationReturnType,
  describeRatification,
} from './describe-ratification.js';
export {
  type RatifyWithFallbackErrorType,
  type RatifyWithFallbackParameters,
  type RatifyWithFallbackReturnType,
  ratifyWithFallback,
} from './ratify-with-fallback.js';
export {
  type SignRatificationErrorType,
  type SignRatificationParameters,
  type SignRatificationReturnType,
  signRatification,
} from './sign-ratification.js';
export {
  type SubmitRatificationErrorType,
  type SubmitRatificationParameters,
  type SubmitRatificationReturnType,
  submitRatification,
} from './submit-ratification.js';
export {
  FALLBACK_DOMAIN_NAME,
  FALLBACK_DOMAIN_VERSION,
  type FallbackMessageInput,
  type RatificationTypedData,
  ratificationTypes,
  type SignedRatification,
} from './types.js';
