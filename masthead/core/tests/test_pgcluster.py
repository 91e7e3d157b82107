"""The private cluster's command line, without starting PostgreSQL (test_replica_cluster.py starts one)."""

import json

import pytest

from masthead.core import pgcluster


def made_for(tmp_path, port, replica_port):
    (tmp_path / "primary").mkdir()
    (tmp_path / "primary" / "PG_VERSION").write_text("15\n")
    (tmp_path / "cluster.json").write_text(json.dumps({"port": port, "replica_port": replica_port}))


def test_it_remembers_its_ports_and_prints_the_env_lines(tmp_path, capsys):
    made_for(tmp_path, 15433, 15434)
    assert pgcluster.main(["env", "--dir", str(tmp_path)]) == 0
    assert capsys.readouterr().out == (
        "DATABASE_URL=postgres://postgres@127.0.0.1:15433/masthead\n"
        "DATABASE_REPLICA_URL=postgres://postgres@127.0.0.1:15434/masthead\n"
    )


def test_a_cluster_made_for_other_ports_is_not_started_on_new_ones(tmp_path, capsys):
    made_for(tmp_path, 15433, 15434)
    assert pgcluster.main(["start", "--dir", str(tmp_path), "--port", "16433", "--replica-port", "16434"]) == 1
    assert "made for ports 15433 and 15434" in capsys.readouterr().err


@pytest.mark.parametrize("ports", [(5432, 5434), (5433, 5433)])
def test_the_shared_port_and_one_port_for_both_are_refused(tmp_path, ports):
    with pytest.raises(pgcluster.ClusterError):
        pgcluster.PgCluster(tmp_path, port=ports[0], replica_port=ports[1])
