import type { FactContext } from './context.js';
import { certificateFiles } from './certificates.js';
import { arr, at, iso, rec, str, time, type Json } from './json.js';
import { secretNamesByNamespace } from './pods.js';
import type { FactCollection, FactItem } from './types.js';

export const ingressesCollection: FactCollection = {
  name: 'ingresses',
  doc: 'One item per Ingress host/path: the chain ingress → backend Service/port → TLS secret → certificate.',
  fields: {
    namespace: { type: 'string', doc: 'Namespace.' },
    name: { type: 'string', doc: 'Ingress name.' },
    className: { type: 'string', doc: 'spec.ingressClassName (or the legacy annotation).' },
    classFound: {
      type: 'boolean',
      doc: 'An IngressClass of that name is in the bundle, or, without a class name, a default one is (absent when IngressClasses were not collected).',
    },
    host: { type: 'string', doc: 'Rule host (absent: any host).' },
    path: { type: 'string', doc: 'Path.' },
    service: { type: 'string', doc: 'Backend service name.' },
    servicePort: { type: 'string', doc: 'Backend service port (number or name).' },
    serviceExists: { type: 'boolean', doc: 'The backend Service is in the bundle.' },
    servicePortExists: { type: 'boolean', doc: 'The Service has that port.' },
    tlsSecret: { type: 'string', doc: 'TLS secret serving this host.' },
    tlsSecretExists: {
      type: 'boolean',
      doc: 'The secret metadata lists it (absent when secrets were not collected).',
    },
    certificateNotAfter: { type: 'date', doc: "End of validity of the secret's leaf certificate." },
    loadBalancer: { type: 'strings', doc: 'status.loadBalancer addresses.' },
  },
};

export function buildIngresses(ctx: FactContext): FactItem[] {
  const services = new Map<string, Json>();
  for (const s of ctx.scoped('services'))
    services.set(`${s.namespace}/${str(at(s.item, 'metadata.name')) ?? ''}`, s.item);
  const secrets = secretNamesByNamespace(ctx);
  const leafBySecret = new Map<string, string>();
  for (const { file, namespace } of certificateFiles(ctx)) {
    for (const c of file.items)
      if (c.chainPosition === 0 && c.secret)
        leafBySecret.set(`${namespace}/${c.secret}`, c.notAfter);
  }
  const classes = ctx.clusterList('ingress-classes')?.items;
  const classNames = new Set((classes ?? []).flatMap((c) => str(at(c, 'metadata.name')) ?? []));
  const hasDefault = (classes ?? []).some(
    (c) =>
      rec(at(c, 'metadata.annotations'))['ingressclass.kubernetes.io/is-default-class'] === 'true',
  );
  const out: FactItem[] = [];
  for (const { item, path, namespace } of ctx.scoped('ingress')) {
    const name = str(at(item, 'metadata.name')) ?? '';
    const className =
      str(at(item, 'spec.ingressClassName')) ??
      str(rec(at(item, 'metadata.annotations'))['kubernetes.io/ingress.class']);
    const tls = arr(at(item, 'spec.tls')).map(rec);
    const loadBalancer = arr(at(item, 'status.loadBalancer.ingress')).flatMap(
      (i) => str(rec(i).ip) ?? str(rec(i).hostname) ?? [],
    );
    const backends: { host?: string; path?: string; backend: Json }[] = [];
    const def = at(item, 'spec.defaultBackend') ?? at(item, 'spec.backend');
    if (def !== undefined) backends.push({ backend: def });
    for (const rule of arr(at(item, 'spec.rules')).map(rec)) {
      for (const p of arr(at(rule, 'http.paths')).map(rec)) {
        backends.push({ host: str(rule.host), path: str(p.path) ?? '/', backend: p.backend });
      }
    }
    for (const { host, path: urlPath, backend } of backends) {
      // networking.k8s.io/v1: backend.service.{name,port.{number|name}}; v1beta1: serviceName/servicePort.
      const service = str(at(backend, 'service.name')) ?? str(at(backend, 'serviceName'));
      const portValue =
        at(backend, 'service.port.number') ??
        at(backend, 'service.port.name') ??
        at(backend, 'servicePort');
      const servicePort = portValue === undefined ? undefined : String(portValue);
      const svc = service ? services.get(`${namespace}/${service}`) : undefined;
      const tlsEntry =
        tls.find((t) => host !== undefined && arr(t.hosts).includes(host)) ??
        (host === undefined ? tls[0] : undefined);
      const tlsSecret = str(tlsEntry?.secretName);
      const known = secrets.get(namespace);
      const notAfter = tlsSecret ? leafBySecret.get(`${namespace}/${tlsSecret}`) : undefined;
      out.push({
        namespace,
        name,
        className,
        classFound:
          classes === undefined
            ? undefined
            : className !== undefined
              ? classNames.has(className)
              : hasDefault,
        host,
        path: urlPath,
        service,
        servicePort,
        serviceExists: svc !== undefined,
        servicePortExists:
          svc === undefined
            ? false
            : arr(at(svc, 'spec.ports')).some(
                (p) => String(rec(p).port) === servicePort || rec(p).name === servicePort,
              ),
        tlsSecret,
        tlsSecretExists:
          tlsSecret === undefined || known === undefined ? undefined : known.has(tlsSecret),
        certificateNotAfter: iso(time(notAfter)),
        loadBalancer,
        evidence: [
          {
            path,
            excerpt: `ingress/${name}${className ? ` (class ${className})` : ' (no class)'}: ${host ?? '*'}${urlPath ?? ''} → service ${service ?? '?'}:${servicePort ?? '?'}${tlsSecret ? `, TLS secret ${tlsSecret}` : ''}`,
          },
        ],
      });
    }
  }
  return out;
}
