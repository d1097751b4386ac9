// The policy the studio's integration tests edit: small refunds allowed up to 100, larger
// ones go to an approver; the draft lowers the threshold to 50 (and updates its test).

export const POLICY = `apiVersion: gatehouse.dev/v1
kind: Policy
metadata:
  name: studio-refunds
spec:
  agents:
    names: ["*"]
  rules:
    - id: small-refunds
      match: { actions: ["refund.issue"] }
      when: "params.amount <= 100"
      effect: allow
    - id: large-refunds
      match: { actions: ["refund.issue"] }
      when: "params.amount > 100"
      effect: require_approval
      approval:
        steps:
          - approvers: { roles: [approver, admin] }
            timeout: 1h
  limits:
    - { id: per-hour, type: rate, max: 1000, window: 1h, match: { actions: ["refund.issue"] } }
  tests:
    - name: a refund of 100 is routine
      input: { agent: some-bot, action: { type: refund.issue, resource: orders/1, params: { amount: 100 } } }
      expect: { effect: allow, rule: small-refunds }
`;

/** The same policy with the threshold lowered (to 50 by default), its test updated to match. */
export const draftOf = (policy: string, threshold = 50) =>
  policy
    .replace(/when: "params.amount <= \d+"/, `when: "params.amount <= ${threshold}"`)
    .replace(/when: "params.amount > \d+"/, `when: "params.amount > ${threshold}"`)
    .replace("expect: { effect: allow, rule: small-refunds }", "expect: { effect: require_approval, rule: large-refunds }");
