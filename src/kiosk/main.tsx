import { render } from 'preact';

render(<main><h1>政务服务查询</h1></main>, document.getElementById('app')!);
