import { answerJson, serveBench } from './bench-http';

// The baseline: bare node:http that reads the same body and parses the same JSON, then answers 202.
// Tocsin's throughput is reported as a ratio of this one's, measured in the same run.
serveBench((body, res) => {
  const parsed = JSON.parse(body.toString('utf8')) as { groupKey?: string };
  answerJson(res, 202, { status: 'accepted', groupKey: parsed.groupKey });
});
