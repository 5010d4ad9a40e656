export default function DutyScreen() {
  return <div class="screen"><h1>在岗人员</h1></div>;
}
