"""Brian2's CUBA example (examples/CUBA.py parameters), timed, for bench/cuba.ts.

Usage: python3 brian2_cuba.py [--target numpy|cython] [--seeds 1,2,3] [--n 4000] [--duration 1]
Prints one JSON object per seed: mean rate (Hz), synapse count, spikes, wall seconds.
"""
import argparse, json, time

parser = argparse.ArgumentParser()
parser.add_argument('--target', default='numpy')
parser.add_argument('--seeds', default='1')
parser.add_argument('--n', type=int, default=4000)
parser.add_argument('--duration', type=float, default=1.0)
args = parser.parse_args()

from brian2 import (NeuronGroup, Synapses, SpikeMonitor, run, ms, mV, second, prefs,
                    seed, start_scope, defaultclock)
import logging
logging.getLogger('brian2').setLevel(logging.ERROR)
prefs.codegen.target = args.target

for s in [int(x) for x in args.seeds.split(',')]:
    start_scope()
    seed(s)
    defaultclock.dt = 0.1 * ms
    taum, taue, taui = 20 * ms, 5 * ms, 10 * ms
    Vt, Vr, El = -50 * mV, -60 * mV, -49 * mV
    eqs = '''
    dv/dt  = (ge+gi-(v-El))/taum : volt (unless refractory)
    dge/dt = -ge/taue : volt
    dgi/dt = -gi/taui : volt
    '''
    N = args.n
    NE = int(N * 0.8)
    p = 0.02 * 4000 / N
    P = NeuronGroup(N, eqs, threshold='v>Vt', reset='v = Vr', refractory=5 * ms, method='exact')
    P.v = 'Vr + rand() * (Vt - Vr)'
    we = (60 * 0.27 / 10) * mV
    wi = (-20 * 4.5 / 10) * mV
    Ce = Synapses(P, P, on_pre='ge += we')
    Ci = Synapses(P, P, on_pre='gi += wi')
    Ce.connect(f'i<{NE}', p=p)
    Ci.connect(f'i>={NE}', p=p)
    mon = SpikeMonitor(P)
    # One short run first so code generation/compilation is not in the timing.
    run(1 * ms)
    n0 = mon.num_spikes
    t0 = time.perf_counter()
    run(args.duration * second)
    wall = time.perf_counter() - t0
    spikes = mon.num_spikes - n0
    synapses = len(Ce) + len(Ci)
    print(json.dumps({
        'seed': s, 'target': args.target, 'n': N, 'duration': args.duration,
        'rate_hz': spikes / (N * args.duration), 'spikes': int(spikes),
        'synapses': int(synapses), 'events': int(spikes) * synapses / N,
        'wall_s': wall,
    }), flush=True)
