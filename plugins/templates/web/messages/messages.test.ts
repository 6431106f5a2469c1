import { expectCompleteMessages } from '@pteronimbus/web/testing';
import { describe, it } from 'vitest';
import { templatesUi } from '../index.ts';

describe('templates plugin messages', () => {
  it('are complete in every language the panel ships, translated, with the same placeholders', async () => {
    await expectCompleteMessages(templatesUi, {
      // Words spelled the same in that language.
      de: [
        'scopeBadge.tenant',
        'version',
        'importDialog.eggLabel',
        'importDialog.format',
        'detail.spec.ports',
        'detail.spec.portName',
        'detail.spec.portNumber',
        'detail.spec.portVariable',
        'detail.spec.stopSignal',
        'detail.spec.cpu',
        'detail.spec.mib',
        'detail.versions.option',
      ],
      fr: [
        'version',
        'importDialog.format',
        'detail.tabs.versions',
        'detail.spec.ports',
        'detail.spec.portNumber',
        'detail.spec.portVariable',
        'detail.spec.stopSignal',
        'detail.spec.parser',
        'detail.versions.note',
        'detail.versions.option',
      ],
      es: ['detail.spec.portVariable', 'detail.spec.mib'],
    });
  });
});
