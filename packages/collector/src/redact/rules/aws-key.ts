import { redactedMarker, regexRule } from '../rule.js';

/**
 * AWS access key ids (AKIA…/ASIA…). Secret access keys have no recognisable shape; they are
 * caught by secret-pair (aws_secret_access_key=…) and by secret-key-name.
 */
export const awsAccessKey = regexRule(
  'aws-access-key',
  /\b(?:AKIA|ASIA|AIDA|AROA)[A-Z0-9]{16}\b/g,
  redactedMarker,
  (text) => /A(?:KIA|SIA|IDA|ROA)/.test(text),
);
