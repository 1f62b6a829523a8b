"""Brian2's CUBA example (examples/CUBA.py parameters), timed, for bench/cuba.ts.

Usage: python3 brian2_cuba.py [--target numpy|cython|cpp_standalone] [--seeds 1,2,3] [--n 4000] [--duration 1]
Prints one JSON object per seed: mean rate (Hz), synapse count, spikes, wall seconds and,
for numpy/cython, CPU seconds of this process (process_time) over the run.
cpp_standalone compiles one program (seed = the first) and runs it once per seed given; its
figure is the run loop's own time as the program measures it (Brian2's _last_run_time,
wall clock: a child process's CPU time would include its set-up and synapse creation).
"""
import argparse, json, os, tempfile, time

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
standalone = args.target == 'cpp_standalone'
if standalone:
    from brian2 import set_device, device
    build_dir = tempfile.mkdtemp(prefix='brian2_cuba_')
    set_device('cpp_standalone', directory=build_dir, build_on_run=False)
else:
    prefs.codegen.target = args.target

seeds = [int(x) for x in args.seeds.split(',')]
for s in seeds[:1] if standalone else seeds:
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
    if standalone:
        run(args.duration * second)
        device.build(directory=build_dir, compile=True, run=False)
        for k in range(len(seeds)):
            device.run(directory=build_dir, with_output=False, run_args=[])
            spikes = mon.num_spikes
            synapses = len(Ce) + len(Ci)
            print(json.dumps({
                'seed': s, 'run': k, 'target': args.target, 'n': N, 'duration': args.duration,
                'rate_hz': spikes / (N * args.duration), 'spikes': int(spikes),
                'synapses': int(synapses), 'events': int(spikes) * synapses / N,
                'wall_s': float(device._last_run_time), 'load1': os.getloadavg()[0],
            }), flush=True)
        break
    # One short run first so code generation/compilation is not in the timing.
    run(1 * ms)
    n0 = mon.num_spikes
    c0 = time.process_time()
    t0 = time.perf_counter()
    run(args.duration * second)
    wall = time.perf_counter() - t0
    cpu = time.process_time() - c0
    spikes = mon.num_spikes - n0
    synapses = len(Ce) + len(Ci)
    print(json.dumps({
        'seed': s, 'target': args.target, 'n': N, 'duration': args.duration,
        'rate_hz': spikes / (N * args.duration), 'spikes': int(spikes),
        'synapses': int(synapses), 'events': int(spikes) * synapses / N,
        'wall_s': wall, 'cpu_s': cpu, 'load1': os.getloadavg()[0],
    }), flush=True)
