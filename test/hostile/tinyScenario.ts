/**
 * The smallest scenario the fuzzers run: one node, a two-replica Deployment, two simulated
 * minutes, so a case that is accepted finishes in milliseconds.
 */
export const TINY_SCENARIO = `apiVersion: enisim/v1alpha1
kind: Scenario
metadata: { name: tiny }
spec:
  manifests: [{ path: web.yaml }]
  cluster:
    vSwitches: [{ id: vsw-a, zone: cn-hangzhou-j, ipv4Cidr: 10.0.0.0/24 }]
    nodePools: [{ name: p, instanceTypes: [ecs.g7.xlarge], count: 1, vSwitches: [vsw-a] }]
  timeline:
    duration: 2m
    workloads: [{ workload: web, rollout: { type: AllAtOnce } }]
`;

/** The Deployment TINY_SCENARIO names as web.yaml. */
export const TINY_DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata: { name: web, namespace: default }
spec:
  replicas: 2
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec: { containers: [{ name: c, image: nginx, resources: { requests: { cpu: 100m } } }] }
`;
