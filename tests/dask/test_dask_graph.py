"""Policies and schedules enter the graph once: one key every partition's task depends on."""

from __future__ import annotations

import dask.base

from csmetrics._dask import sla
from csmetrics.dask import compliance_frame

from .dask_helpers import NOW, OFFICE, TIERED, split, tickets


def test_the_job_is_one_graph_key_shared_by_every_partition(monkeypatch) -> None:
    graphs = []
    compute = dask.base.compute

    def capture(*collections, **options):
        graphs.append(dict(collections[0].__dask_graph__()))
        return compute(*collections, scheduler="sync")

    monkeypatch.setattr(dask.base, "compute", capture)
    compliance_frame(split(tickets(30, 1), [5, 10, 20]), policy=TIERED, schedule=OFFICE, now=NOW)
    (graph,) = graphs
    jobs = [k for k, v in graph.items() if isinstance(getattr(v, "value", None), sla._Job)]
    assert len(jobs) == 1  # the policy and the schedule travel inside this one key
    partitions = [k for k in graph if str(k).startswith("located-")]
    assert len(partitions) == 4
    assert all(jobs[0] in graph[k].dependencies for k in partitions)
