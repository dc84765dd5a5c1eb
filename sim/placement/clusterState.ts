/**
 * The scheduler's view of the cluster: every node's {@link NodeInfo}, where each pod is bound,
 * and the node list in kube-scheduler's order.
 *
 * kube-scheduler's snapshot lists nodes from its node tree: nodes are grouped by zone (region
 * plus zone label; zones in the order they first appeared, nodes in the order they were added)
 * and the list takes one node from each zone in turn. `percentageOfNodesToScore` then examines
 * a window of that list, so the window spreads across zones. We keep the same order.
 */
import { LabelKeys } from '../../models/wellKnownKeys.js';
import { labelValue, type Labels } from '../../models/labels.js';
import { hasAnyAffinityTerm } from '../../models/podAffinity.js';
import type { ClusterSnapshot } from './framework.js';
import type { NodeView } from './node.js';
import { NodeInfo } from './nodeInfo.js';
import { podKey, type PodSpec } from '../../models/pod.js';
import { nodeProblems } from './node.js';
import { assertNoProblems } from '../../models/pod.js';

/** kube-scheduler's zone key: region and zone, joined as `utilnode.GetZoneKey` does. */
export function zoneKeyOf(node: NodeView): string {
  const region = labelValue(node.labels, LabelKeys.region) ?? '';
  const zone = labelValue(node.labels, LabelKeys.zone) ?? '';
  return region === '' && zone === '' ? '' : `${region}:\x00:${zone}`;
}

function sameStaticFields(a: NodeView, b: NodeView): boolean {
  return (
    a.unschedulable === b.unschedulable &&
    JSON.stringify(a.labels) === JSON.stringify(b.labels) &&
    JSON.stringify(a.taints) === JSON.stringify(b.taints)
  );
}

/** The cluster as the scheduler sees it. All changes go through its methods. */
export class ClusterState implements ClusterSnapshot {
  readonly #nodes = new Map<string, NodeInfo>();
  readonly #namespaceLabels = new Map<string, Labels>();
  #podsWithAffinity = 0;
  #podsWithRequiredAntiAffinity = 0;
  readonly #podNode = new Map<string, NodeInfo>();
  readonly #zoneKeys: string[] = [];
  readonly #zoneNodes = new Map<string, NodeInfo[]>();
  #list: readonly NodeInfo[] | null = null;
  #nextSlot = 0;
  #staticGeneration = 0;

  /** Number of nodes. */
  get nodeCount(): number {
    return this.#nodes.size;
  }
  /** Number of bound pods (excluding nodes' baseline pods). */
  get boundPodCount(): number {
    return this.#podNode.size;
  }
  /**
   * Bumped whenever a node's labels, taints or `unschedulable` change: per-node results that
   * depend only on those (and on the pod) stay valid while it is unchanged.
   */
  get staticGeneration(): number {
    return this.#staticGeneration;
  }
  /** One past the largest slot handed out; per-node caches size their arrays by it. */
  get slotLimit(): number {
    return this.#nextSlot;
  }

  /** Every node, in kube-scheduler's order ({@link nodeList}). */
  get nodes(): readonly NodeInfo[] {
    return this.nodeList();
  }
  /** Bound pods with any pod affinity or anti-affinity term. */
  get podsWithAffinity(): number {
    return this.#podsWithAffinity;
  }
  /** Bound pods with required anti-affinity terms. */
  get podsWithRequiredAntiAffinity(): number {
    return this.#podsWithRequiredAntiAffinity;
  }
  /** Sets a namespace's labels (InterPodAffinity's namespaceSelector reads them). */
  setNamespaceLabels(namespace: string, labels: Labels): void {
    this.#namespaceLabels.set(namespace, labels);
  }
  /** A namespace's labels; one never set has only `kubernetes.io/metadata.name`. */
  namespaceLabels(namespace: string): Labels {
    return this.#namespaceLabels.get(namespace) ?? { 'kubernetes.io/metadata.name': namespace };
  }

  #countAffinity(pod: PodSpec, sign: 1 | -1): void {
    if (!hasAnyAffinityTerm(pod.podAffinity)) return;
    this.#podsWithAffinity += sign;
    if ((pod.podAffinity?.requiredAntiAffinity.length ?? 0) > 0) {
      this.#podsWithRequiredAntiAffinity += sign;
    }
  }

  /** The node's info, or undefined. */
  nodeInfo(name: string): NodeInfo | undefined {
    return this.#nodes.get(name);
  }

  /** The name of the node the pod (`namespace/name`) is bound to, or undefined. */
  nodeOf(key: string): string | undefined {
    return this.#podNode.get(key)?.name;
  }

  /** Every node, in kube-scheduler's zone-interleaved order. */
  nodeList(): readonly NodeInfo[] {
    this.#list ??= this.#interleave();
    return this.#list;
  }

  /** Adds a node (validated; throws RangeError if invalid or if the name is taken). */
  addNode(node: NodeView): NodeInfo {
    assertNoProblems(nodeProblems(node), 'node');
    if (this.#nodes.has(node.name)) throw new RangeError(`node ${node.name} already exists`);
    const info = new NodeInfo(node, this.#nextSlot++);
    this.#nodes.set(node.name, info);
    this.#joinZone(info);
    return info;
  }

  /** Replaces a node's view, keeping its pods (throws RangeError for an unknown node). */
  updateNode(node: NodeView): void {
    assertNoProblems(nodeProblems(node), 'node');
    const info = this.#nodes.get(node.name);
    if (info === undefined) throw new RangeError(`node ${node.name} does not exist`);
    const old = info.node;
    const zoneChanged = zoneKeyOf(old) !== zoneKeyOf(node);
    if (zoneChanged) this.#leaveZone(info);
    info.update(node);
    if (zoneChanged) this.#joinZone(info);
    if (!sameStaticFields(old, node)) this.#staticGeneration++;
  }

  /**
   * Removes a node. Its pods are unbound and returned (in binding order), as the pods of a
   * deleted node are gone from it.
   */
  removeNode(name: string): PodSpec[] {
    const info = this.#nodes.get(name);
    if (info === undefined) throw new RangeError(`node ${name} does not exist`);
    const pods = [...info.pods()];
    for (const pod of pods) {
      this.#podNode.delete(podKey(pod));
      this.#countAffinity(pod, -1);
    }
    this.#nodes.delete(name);
    this.#leaveZone(info);
    return pods;
  }

  /**
   * Equivalent to: `POST /api/v1/namespaces/{ns}/pods/{name}/binding`, as the scheduler cache
   * sees it (`AssumePod`).
   *
   * Binds a pod to a node and adds its requests there. Binding does not re-check fit: the
   * scheduler has decided, and callers may bind pods kube-scheduler does not place (DaemonSets).
   */
  bind(pod: PodSpec, nodeName: string): void {
    const key = podKey(pod);
    const info = this.#nodes.get(nodeName);
    if (info === undefined) throw new RangeError(`cannot bind ${key}: node ${nodeName} unknown`);
    const current = this.#podNode.get(key);
    if (current !== undefined) {
      throw new Error(`assertion: pod ${key} is already bound to ${current.name}`);
    }
    info.addPod(pod, key);
    this.#podNode.set(key, info);
    this.#countAffinity(pod, 1);
  }

  /**
   * Unbinds a pod (on deletion) and returns the name of the node it was on.
   *
   * Equivalent to: the scheduler cache's `RemovePod` when the pod is deleted.
   */
  unbind(key: string): string {
    const info = this.#podNode.get(key);
    if (info === undefined) throw new Error(`assertion: pod ${key} is not bound`);
    this.#countAffinity(info.removePod(key), -1);
    this.#podNode.delete(key);
    return info.name;
  }

  #joinZone(info: NodeInfo): void {
    const zone = zoneKeyOf(info.node);
    let members = this.#zoneNodes.get(zone);
    if (members === undefined) {
      members = [];
      this.#zoneNodes.set(zone, members);
      this.#zoneKeys.push(zone);
    }
    members.push(info);
    this.#list = null;
  }

  #leaveZone(info: NodeInfo): void {
    const zone = zoneKeyOf(info.node);
    const members = this.#zoneNodes.get(zone);
    const index = members?.indexOf(info) ?? -1;
    if (members === undefined || index < 0) {
      throw new Error(`assertion: node ${info.name} missing from zone ${JSON.stringify(zone)}`);
    }
    members.splice(index, 1);
    if (members.length === 0) {
      this.#zoneNodes.delete(zone);
      this.#zoneKeys.splice(this.#zoneKeys.indexOf(zone), 1);
    }
    this.#list = null;
  }

  #interleave(): NodeInfo[] {
    const zones = this.#zoneKeys.map((zone) => this.#zoneNodes.get(zone) ?? []);
    const list: NodeInfo[] = [];
    for (let index = 0; list.length < this.#nodes.size; index++) {
      let taken = 0;
      for (const members of zones) {
        const info = members[index];
        if (info !== undefined) {
          list.push(info);
          taken++;
        }
      }
      if (taken === 0) throw new Error('assertion: node tree holds fewer nodes than the map');
    }
    return list;
  }
}
