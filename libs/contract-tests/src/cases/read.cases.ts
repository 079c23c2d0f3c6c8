import { expect } from 'expect';
import { qrCodeDataUri, unwrap } from '@hypersender/api-client';
import { contractCase, type ContractCase } from '../lib/contract-case';
import { contractClient } from '../lib/contract-client';
import { decodeQrCode } from '@hypersender/test-support';

const path = (instance: string) => ({ params: { path: { instance } } });

export const READ_CASES: ContractCase[] = [
  contractCase({
    name: 'health answers the instance status',
    needs: [],
    async run(target) {
      const health = unwrap(
        await contractClient(target).GET('/{instance}/health', path(target.instanceId)),
      );
      expect(health.instance_id).toBe(target.instanceId);
    },
  }),
  contractCase({
    name: 'instances lists the token instances',
    needs: [],
    async run(target) {
      const list = unwrap(await contractClient(target).GET('/instances'));
      expect(Array.isArray(list)).toBe(true);
      expect(list.map((instance) => instance.id)).toContain(target.instanceId);
    },
  }),
  contractCase({
    name: 'request-new-qr-code answers SCAN_QR_CODE with a decodable PNG QR',
    needs: ['writes'],
    async run(target) {
      const instance = unwrap(
        await contractClient(target).POST(
          '/{instance}/request-new-qr-code',
          path(target.instanceId),
        ),
      );
      expect(instance.status).toBe('SCAN_QR_CODE');
      expect(qrCodeDataUri(instance.qr_code)).toMatch(/^data:image\/png;base64,iVBORw0KGgo/);
      expect(decodeQrCode(instance.qr_code)).toMatch(/^2@[^,]+(,[^,]+){3}$/);
    },
  }),
  contractCase({
    name: 'create-instance answers the new instance',
    needs: ['writes'],
    async run(target) {
      const created = unwrap(
        await contractClient(target).POST('/create-instance', {
          body: { name: `Contract ${Date.now() % 1e9}`, phone: '+14155550188' },
        }),
      );
      expect(created).toMatchObject({ phone: '+14155550188', service_type: 'whatsapp' });
    },
  }),
  contractCase({
    name: 'restart answers its message',
    needs: ['writes'],
    async run(target) {
      const result = unwrap(
        await contractClient(target).POST('/{instance}/restart', path(target.instanceId)),
      );
      expect(result.message).toBe('WhatsApp instance restarted successfully.');
    },
  }),
];
