import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { booleanFlag, commandFlags, commonFlags, configFlag, helpLines, positional, stringFlag } from './flags.js';

describe('help lines', () => {
  it('are laid out from each flag’s name, placeholder and description, in one column per command', () => {
    const { help, flags } = commandFlags(
      {
        duration: positional(z.string(), 'how long'),
        'poll-interval': stringFlag(z.string().optional(), '<ms>', 'pause between rounds', '(default: 5000)'),
        once: booleanFlag(z.boolean().optional(), 'one round, then exit'),
        ...configFlag,
        ...commonFlags,
      },
      {
        describeMore: { once: ['(then exit 0)'] },
        notesAfter: { once: ['    (a note, as written)'] },
        epilogue: ['', 'End.'],
      },
    );
    expect(help).toEqual([
      '    <duration>            how long',
      '    --poll-interval <ms>  pause between rounds',
      '                          (default: 5000)',
      '    --once                one round, then exit',
      '                          (then exit 0)',
      '    (a note, as written)',
      '-c, --config <path>       Lockstep config file (default: ./lockstep.config.*, else the local default)',
      '    --json                print exactly one JSON document on stdout',
      '-h, --help                show this help',
      '',
      'End.',
    ]);
    expect(Object.keys(flags)).toEqual(['poll-interval', 'once', 'config', 'json', 'help']);
  });

  it('start the description two spaces after the longest flag', () => {
    expect(
      helpLines([
        { usage: '    --a', description: ['x'] },
        { usage: '    --bbb <n>', description: ['y', 'z'] },
      ]),
    ).toEqual([['    --a        x'], ['    --bbb <n>  y', '               z']]);
  });
});
