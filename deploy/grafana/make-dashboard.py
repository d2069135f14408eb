# Writes dashboards/vowstream.json; run it after changing a panel: python3 deploy/grafana/make-dashboard.py
import json
panels=[]
y=0
def row(title):
    global y
    panels.append({"type":"row","title":title,"gridPos":{"h":1,"w":24,"x":0,"y":y},"collapsed":False,"panels":[]})
    y+=1
def ts(title, targets, unit="short", x=0, w=8, desc=""):
    panels.append({"type":"timeseries","title":title,"description":desc,
      "datasource":{"type":"prometheus","uid":"vowstream-prometheus"},
      "gridPos":{"h":8,"w":w,"x":x,"y":y},
      "fieldConfig":{"defaults":{"unit":unit},"overrides":[]},
      "options":{"legend":{"displayMode":"list","placement":"bottom"}},
      "targets":[{"refId":chr(65+i),"expr":e,"legendFormat":l} for i,(e,l) in enumerate(targets)]})
def nextrow():
    global y
    y+=8
row("Pipeline")
ts("Ingress accepted / rejected per second",[("sum(rate(vowstream_mu_accepted_total[1m]))","accepted"),("sum by (reason) (rate(vowstream_mu_rejected_total[1m]))","rejected {{reason}}")],"ops",0)
ts("Assignments per second (SU)",[("sum(rate(vowstream_su_assigned_total[1m]))","assigned"),("sum(rate(vowstream_su_duplicates_total[1m]))","duplicates")],"ops",8)
ts("Evaluations per second (CU)",[("sum by (outcome) (rate(vowstream_cu_evaluations_total[1m]))","{{outcome}}")],"ops",16)
nextrow()
ts("Pushes per second (MU crank)",[("sum by (kind) (rate(vowstream_mu_pushes_total[1m]))","{{kind}}")],"ops",0)
ts("Rejections by unit and reason",[("sum by (reason) (rate(vowstream_su_rejected_total[5m]))","su {{reason}}"),("sum by (reason) (rate(vowstream_mu_rejected_total[5m]))","mu {{reason}}"),("sum by (code) (rate(vowstream_cu_halts_total[5m]))","cu halt {{code}}")],"ops",8)
ts("Consumer lag (max records per stage)",[("max by (stage) (kafka_consumer_fetch_manager_records_lag_max)","{{stage}}")],"short",16)
nextrow()
row("Stages and transactions")
ts("Transaction duration p99",[("max by (stage) (vowstream_stage_transaction_duration_seconds{quantile=\"0.99\"})","{{stage}}")],"s",0)
ts("Records per transaction",[("sum by (stage) (rate(vowstream_stage_transaction_records_sum[1m])) / sum by (stage) (rate(vowstream_stage_transaction_records_count[1m]))","{{stage}}")],"short",8)
ts("Aborts and pauses",[("sum by (stage) (rate(vowstream_stage_transaction_aborts_total[5m]))","aborts {{stage}}"),("sum by (stage) (rate(vowstream_stage_consumer_pauses_total[5m]))","pauses {{stage}}")],"ops",16)
nextrow()
row("Compute unit and flows")
ts("Evaluation latency",[("histogram_quantile(0.99, sum by (le) (rate(vowstream_cu_evaluation_duration_seconds_bucket[1m])))","p99"),("histogram_quantile(0.5, sum by (le) (rate(vowstream_cu_evaluation_duration_seconds_bucket[1m])))","p50")],"s",0)
ts("Flows by state",[("sum by (state) (vowstream_cu_flows)","{{state}}"),("sum(vowstream_cu_vows_pending)","pending vows")],"short",8)
ts("Replays, retries, checkpoints",[("sum(rate(vowstream_cu_replayed_total[1m]))","replayed/s"),("sum by (reason) (rate(vowstream_cu_retries_total[5m]))","retries {{reason}}"),("sum(rate(vowstream_cu_checkpoint_size_bytes_sum[5m]))","checkpoint B/s")],"short",16)
nextrow()
row("Schedules")
ts("Nonce head (top 10 processes)",[("topk(10, vowstream_su_nonce_head)","{{process}}")],"short",0,12)
ts("Restore time",[("max by (stage) (vowstream_stage_restore_duration_seconds_max)","{{stage}}")],"s",12,12)
nextrow()
row("JVM")
ts("Heap used",[("sum by (unit) (jvm_memory_used_bytes{area=\"heap\"})","{{unit}}")],"bytes",0,12)
ts("Kafka producer request rate",[("sum by (stage) (kafka_producer_request_rate)","{{stage}}")],"reqps",12,12)
dash={"uid":"vowstream","title":"Vowstream pipeline","tags":["vowstream"],"timezone":"browser","schemaVersion":39,"version":1,
 "refresh":"5s","time":{"from":"now-15m","to":"now"},"panels":panels,"templating":{"list":[]},"annotations":{"list":[]}}
json.dump(dash,open(__import__('os').path.join(__import__('os').path.dirname(__file__),'dashboards','vowstream.json'),'w'),indent=2)
print(len(panels))
